/** A GUID as Microsoft writes ids: 8-4-4-4-12 hexadecimal digits. */
export const isGuid = (text: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
