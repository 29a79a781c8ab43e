// The penguin sample's confusion matrix page, opened in a real browser (Debian's Chromium).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderConfusionMatrix } from "../examples/penguins/evaluator/render.js";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error(`Chromium is not installed at ${executablePath}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the confusion matrix page", () => {
  it("draws one cell per pair of classes, shaded by share, with labels a person can read", async () => {
    const page = await browser.newPage({ viewport: { width: 700, height: 620 } });
    await page.setContent(renderConfusionMatrix(["Adelie", "Chinstrap", "Gentoo"], [[30, 1, 0], [0, 13, 0], [2, 0, 21]], 0.955));
    const cells = await page.$$eval("svg rect", (rects) => rects.map((r) => {
      const box = r.getBoundingClientRect();
      return { fill: r.getAttribute("fill"), width: box.width, height: box.height, title: r.querySelector("title")?.textContent };
    }));
    expect(cells).toHaveLength(9);
    for (const cell of cells) expect(cell.width).toBeGreaterThan(50);
    expect(cells[0]).toMatchObject({ title: "Adelie predicted as Adelie: 30 of 31" });
    expect(cells[4]!.fill).toBe("#08306b");
    expect(cells[5]!.fill).toBe("#f7fbff");
    const texts = await page.$$eval("svg text", (nodes) => nodes.map((n) => n.textContent));
    expect(texts).toEqual(expect.arrayContaining(["0.97", "1.00", "0.09", "Predicted label", "True label", "Gentoo"]));
    expect(await page.textContent("p")).toContain("Accuracy 0.9550 on 67 evaluation rows");
    const svg = await page.$("svg");
    const box = await svg!.boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    const shot = await page.screenshot();
    expect(shot.length).toBeGreaterThan(5000);
    await page.close();
  });
});
