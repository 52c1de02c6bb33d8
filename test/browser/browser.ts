import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
/** Screenshots of every page a journey visits, kept as CI artifacts. */
export const ARTIFACTS = join(ROOT, 'artifacts', 'browser');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, as .ci/run installs it; CHROMIUM_PATH points elsewhere. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

export interface Checked {
  /** Saves a screenshot named after the step and runs axe-core on the page as it is. */
  check(page: Page, step: string): Promise<void>;
  /** Serious and critical accessibility violations found so far, one line each. */
  violations: string[];
}

export function pageChecks(journey: string): Checked {
  const dir = join(ARTIFACTS, journey);
  // Only this run's screenshots: numbers from an earlier run would mix in.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const violations: string[] = [];
  return {
    violations,
    async check(page, step) {
      n++;
      await page.screenshot({
        path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`),
        fullPage: true,
      });
      // Evaluated, not added as a script tag: the dashboard's CSP runs no script it did not serve.
      await page.evaluate(AXE_SOURCE);
      const found = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
        const results = await axe.run();
        return results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target).join(', ')}`);
      });
      violations.push(...found.map((v) => `${step}: ${v}`));
    },
  };
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
