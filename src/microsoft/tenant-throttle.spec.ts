import { RatePacer } from './rate-pacer';
import { laneOf, TenantThrottle } from './tenant-throttle';

describe('the tenant throttle', () => {
  it.each([
    ['GET', 'https://graph.microsoft.com/v1.0/users?$top=999', 'directory'],
    ['GET', '/organization', 'directory'],
    ['GET', 'https://graph.microsoft.com/v1.0/admin/teams/userConfigurations/x', 'teamsRead'],
    ['POST', '/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber', 'teamsWrite'],
    ['POST', '/beta/admin/teams/policy/userAssignments/assign', 'teamsWrite'],
  ])('puts %s %s in the %s lane', (method, url, lane) => {
    expect(laneOf(method, url)).toBe(lane);
  });

  it('paces a lane at its rate, one request after another, after an initial second of burst', async () => {
    const pacer = new RatePacer(20);
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => pacer.take()));
    // 20 at once, then 10 more at 20 per second.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1500);
  });

  it('sends at most its burst at once, then paces', async () => {
    const pacer = new RatePacer(20, { burst: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => pacer.take()));
    // 2 at once, then 10 more at 20 per second.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1500);
  });

  it('paces a Teams lane just under the limit it is given, with a tenth of a second of burst', async () => {
    const throttle = new TenantThrottle(100);
    const started = Date.now();
    await Promise.all(Array.from({ length: 60 }, () => throttle.before(['teamsWrite'])));
    // 10 at once, then 50 more at 99 per second: not 60 at once, as a second's burst would allow.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(1500);
  });

  it('pauses only the lane Microsoft throttled', async () => {
    const throttle = new TenantThrottle(1000);
    throttle.throttled('teamsWrite', 300);
    let started = Date.now();
    await throttle.before(['directory', 'teamsRead']);
    expect(Date.now() - started).toBeLessThan(50);
    started = Date.now();
    await throttle.before(['teamsWrite']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});
