import { lookAlikeProblem } from './plain-email';

describe('lookAlikeProblem', () => {
  it('takes ordinary addresses, in any case and script', () => {
    for (const email of ['ada@contoso.example', 'Ada.Admin@Contoso.Example', 'zoë@例え.jp'])
      expect({ email, problem: lookAlikeProblem(email) }).toEqual({ email, problem: null });
  });

  it('refuses invisible characters that make one address look like another', () => {
    for (const email of [
      'ada\u200b@contoso.example',
      'a\u200dda@contoso.example',
      'ada@contoso\u2060.example',
      '\ufeffada@contoso.example',
      'a\u00adda@contoso.example',
    ])
      expect(lookAlikeProblem(email)).toMatch(/invisible character/);
  });

  it('refuses full-width and other compatibility forms that NFKC folds into ordinary letters', () => {
    for (const email of [
      'ａｄａ@contoso.example',
      'ada@ｃｏｎｔｏｓｏ.example',
      'ﬁona@contoso.example',
    ])
      expect(lookAlikeProblem(email)).toMatch(/look-alike characters/);
  });
});
