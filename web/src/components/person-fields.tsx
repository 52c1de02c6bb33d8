/** The fields that name a person to invite: first and last name, and their e-mail address. */
export function PersonFields() {
  return (
    <>
      <label>
        First name
        <input name="firstName" required maxLength={100} />
      </label>
      <label>
        Last name
        <input name="lastName" required maxLength={100} />
      </label>
      <label>
        E-mail address
        <input name="email" type="email" required maxLength={320} />
      </label>
    </>
  );
}

/** What PersonFields hold, read from the submitted form. */
export function personFrom(form: FormData) {
  return {
    email: String(form.get('email')),
    firstName: String(form.get('firstName')),
    lastName: String(form.get('lastName')),
  };
}
