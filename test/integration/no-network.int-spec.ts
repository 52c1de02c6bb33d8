import https from 'node:https';
import { Agent, fetch as undiciFetch } from 'undici';

describe('the test network guard', () => {
  it('fails a fetch to a Microsoft host instead of reaching the internet', async () => {
    const error = (await fetch('https://graph.microsoft.com/v1.0/users').catch(
      (e: unknown) => e,
    )) as Error & { cause?: Error };
    // Node's fetch lives in another realm than the test, so compare the name, not the class.
    expect(error.name).toBe('TypeError');
    expect(error.cause?.message).toMatch(
      /Blocked an outbound connection to graph\.microsoft\.com:443/,
    );
  });

  it('fails a node:https request too', async () => {
    const error = await new Promise<Error>((resolve) => {
      https
        .get('https://login.microsoftonline.com/common/discovery/instance', () =>
          resolve(new Error('connected')),
        )
        .on('error', resolve);
    });
    expect(error.message).toMatch(/Blocked an outbound connection to login\.microsoftonline\.com/);
  });
  it('fails a connection whose own lookup resolves a name to the internet', async () => {
    const agent = new Agent({
      connect: { lookup: (_host, _options, callback) => callback(null, '203.0.113.7', 4) },
    });
    const error = (await undiciFetch('https://pbx.example/', { dispatcher: agent }).catch(
      (e: unknown) => e,
    )) as Error & { cause?: Error };
    expect(error.cause?.message).toMatch(/Blocked an outbound connection to 203\.0\.113\.7:443/);
    await agent.close();
  });
});
