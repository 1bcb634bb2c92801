import { join } from "node:path";
import type { Page } from "playwright-core";

const axeSource = join(import.meta.dir, "..", "..", "node_modules", "axe-core", "axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/**
 * Run axe-core on the page and describe each violation of impact `serious` or `critical`, as
 * "rule: selector, selector". Minor and moderate findings are left out.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's Content-Security-Policy, which forbids injected scripts.
  await page.evaluate(await Bun.file(axeSource).text());
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(" ")) }));
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.targets.join(", ")}`);
}
