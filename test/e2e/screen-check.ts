// Shared by the browser journeys: keep a screenshot of a screen and check it with axe.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The window sizes every screen is kept and checked at: a laptop, and a small window. */
export const SCREEN_SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

/**
 * Keep a screenshot of the screen at each of SCREEN_SIZES as a test artifact and check it there
 * with axe: no serious or critical violation. The page's own size is restored after.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  try {
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `test-results/screens/${name}-${size.width}x${size.height}.png`, fullPage: true });
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), `axe on ${name} at ${size.width}×${size.height}`).toEqual([]);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
