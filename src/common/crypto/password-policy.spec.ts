import { passwordProblem } from './password-policy';

describe('passwordProblem (NIST SP 800-63B)', () => {
  it('accepts long passphrases without demanding kinds of character', () => {
    for (const ok of [
      'correct horse battery staple',
      'sunlight over the harbour',
      'zürich im märz 2026',
      'パスワードはとても長いです',
      'ada-chooses-a-long-password',
    ])
      expect({ ok, problem: passwordProblem(ok, ['ada@contoso.example']) }).toEqual({
        ok,
        problem: null,
      });
  });

  it('counts characters after Unicode normalisation, and refuses blank ones', () => {
    expect(passwordProblem('short-pass1')).toMatch(/at least 12 characters/);
    // Twelve full-width letters are twelve characters, and NFKC makes them plain ones.
    expect(passwordProblem('ｌｉｇｈｔｈｏｕｓｅｓｅａ')).toBeNull();
    expect(passwordProblem(' '.repeat(12))).toMatch(/only spaces or control/);
    expect(passwordProblem('\t\n\u0001'.repeat(4))).toMatch(/only spaces or control/);
  });

  it('refuses common and breached passwords, also with digits or symbols around them', () => {
    for (const common of [
      '1qaz2wsx3edc',
      'QWERTY123456',
      'password2024!!',
      '!!superman1234',
      'iloveyou1234',
    ])
      expect({ common, problem: passwordProblem(common) }).toEqual({
        common,
        problem: expect.stringMatching(/most common/),
      });
  });

  it('refuses repeated and sequential runs', () => {
    for (const run of [
      'aaaaaaaaaaaa',
      'abababababab',
      '123456789012',
      'zyxwvutsrqpo',
      'asdfghjklasd',
    ])
      expect({ run, problem: passwordProblem(run) }).toEqual({
        run,
        problem: expect.stringMatching(/repeated or sequential/),
      });
  });

  it("refuses a password that is mostly the user's address or the product's name", () => {
    expect(passwordProblem('margaret.hamilton1', ['margaret.hamilton@nasa.example'])).toMatch(
      /e-mail address/,
    );
    expect(passwordProblem('TeamsConnector!1', [])).toMatch(/product’s name/);
    expect(passwordProblem('margaret walks to the harbour', ['margaret@nasa.example'])).toBeNull();
  });
});
