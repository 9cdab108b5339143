// Browser tests of the hearsay web UI: seeds a fresh store with the three seed articles, starts
// `hearsay serve` on a free loopback port, drives Debian's chromium (headless) through every page,
// follows a claim to its sources, checks what is on screen and saves screenshots.
//
//   HEARSAY_BIN=target/debug/hearsay node tests/browser/run.mjs
//
// Environment: HEARSAY_BIN (default: target/release/hearsay, else target/debug/hearsay),
// CHROMIUM (default /usr/bin/chromium), SEEDS (default ../shared/data/seeds),
// ARTIFACTS (default tests/browser/artifacts). Exits 1 on the first failed check.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = process.env.HEARSAY_BIN || [join(root, "target/release/hearsay"), join(root, "target/debug/hearsay")].find(existsSync);
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const seeds = process.env.SEEDS || resolve(root, "../shared/data/seeds");
const artifacts = process.env.ARTIFACTS || join(here, "artifacts");

if (!bin || !existsSync(bin)) fail(`no hearsay binary (build it, or set HEARSAY_BIN): ${bin}`);
if (!existsSync(browserPath)) fail(`no chromium at ${browserPath} (apt-get install -y chromium)`);
if (!existsSync(seeds)) fail(`no seed articles at ${seeds}`);
mkdirSync(artifacts, { recursive: true });

function fail(message) {
  console.error(`browser tests: ${message}`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "hearsay-browser-"));
const db = join(work, "hearsay.db");
const ingest = spawnSync(bin, ["--db", db, "ingest", seeds], { encoding: "utf8" });
assert.equal(ingest.status, 0, `ingest failed: ${ingest.stderr}`);

const server = spawn(bin, ["--db", db, "serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
const base = await new Promise((resolveBase, rejectBase) => {
  let seen = "";
  const timer = setTimeout(() => rejectBase(new Error(`server did not start: ${seen}`)), 30000);
  server.stderr.on("data", (chunk) => {
    seen += chunk;
    const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
    if (match) { clearTimeout(timer); resolveBase(match[1]); }
  });
  server.on("exit", (code) => rejectBase(new Error(`server exited with ${code}: ${seen}`)));
});

const profile = mkdtempSync(join(tmpdir(), "hearsay-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] || (await context.newPage());
const consoleErrors = [];
page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
page.on("pageerror", (error) => consoleErrors.push(String(error)));

let checks = 0;
async function step(name, body) {
  process.stdout.write(`- ${name} ... `);
  try {
    await body();
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    checks++;
    console.log("ok");
  } catch (error) {
    console.log("FAILED");
    await page.screenshot({ path: join(artifacts, `${name}-failed.png`), fullPage: true }).catch(() => {});
    await finish(1, error);
  }
}

/** Opens a hash route and waits until the app says the page is drawn. */
async function open(hash) {
  await page.goto(`${base}/${hash}`);
  await page.waitForFunction((path) => document.body.dataset.ready === path, hash.replace(/^#/, "").split("?")[0] || "/");
}

async function finish(code, error) {
  if (error) console.error(error);
  await context.close().catch(() => {});
  server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}

await step("01-home", async () => {
  await open("#/");
  const tiles = await page.locator(".tile").allInnerTexts();
  assert.ok(tiles.some((text) => /^3\s+articles/.test(text)), `tiles: ${tiles}`);
  // Only the HUM record carries a date; the two plain-text seeds are undated.
  assert.ok(await page.locator("[data-testid=timeline] circle").count() >= 1, "timeline dots");
  await page.getByText("2 undated articles").first().waitFor();
  await page.getByText("HUM News English").first().waitFor();
});

await step("02-search", async () => {
  await page.fill("#quick input", "Russia");
  await page.press("#quick input", "Enter");
  await page.waitForFunction(() => document.body.dataset.ready === "/search");
  await page.locator("[data-testid=search-results] li").first().waitFor();
  const marks = await page.locator("[data-testid=search-results] mark").allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((text) => text.toLowerCase() === "russia"), `marks: ${marks}`);
  assert.ok(await page.locator("[data-testid=claim]").count() > 0, "claims about Russia beside the hits");
});

await step("03-search-filters", async () => {
  await open("#/search?q=Iran&outlet=HUM%20News%20English");
  const outlets = await page.locator("[data-testid=search-results] .meta .outlet").allInnerTexts();
  assert.ok(outlets.length > 0 && outlets.every((name) => name === "HUM News English"), `outlets: ${outlets}`);
});

let claimUrl;
await step("04-claims-denied", async () => {
  await open("#/claims?stance=deny");
  const cards = page.locator("[data-testid=claim]");
  assert.ok(await cards.count() > 0, "denials listed");
  const jalali = cards.filter({ hasText: "Jalali" }).first();
  await jalali.waitFor();
  assert.match(await jalali.innerText(), /denies/);
  await jalali.locator("[data-testid=claim-link]").click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/claim/"));
  claimUrl = page.url();
});

await step("05-claim-provenance", async () => {
  const graph = page.locator("[data-testid=provenance-graph]").first();
  await graph.waitFor();
  const labels = await graph.locator("text").allTextContents();
  assert.ok(labels.some((text) => text.includes("HUM News English")), `graph labels: ${labels}`);
  assert.ok(labels.some((text) => text.includes("Jalali")), `graph labels: ${labels}`);
  const marked = await page.locator("[data-testid=claim-sentence] mark").innerText();
  assert.match(marked, /Moscow supplied Tehran/);
});

await step("06-follow-claim-to-article", async () => {
  await page.locator("[data-testid=claim-sentence] ~ .meta a").first().click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/article/"));
  const spans = page.locator("[data-testid=claim-span]");
  assert.ok(await spans.count() > 0, "claims highlighted in the text");
  // A claim's span is cut into runs where entities sit inside it; together they hold the content.
  const claimId = await page.locator("[data-testid=claim-span].deny").first().getAttribute("data-claim");
  const runs = await page.locator(`[data-testid=claim-span][data-claim="${claimId}"]`).allInnerTexts();
  assert.match(runs.join(""), /Moscow supplied Tehran/);
  await page.locator(`[data-testid=claim-span][data-claim="${claimId}"]`).first().click();
  assert.ok(await page.locator("aside [data-testid=claim].active").count() === 1, "clicking a span selects its card");
  const text = await page.locator("[data-testid=article-text]").innerText();
  assert.ok(!text.includes("appeared first on"), "syndication footer removed from the text");
});

await step("07-entity", async () => {
  await open("#/entity/Kazem%20Jalali");
  await page.getByRole("heading", { name: "Kazem Jalali", exact: true }).waitFor();
  assert.ok(await page.locator("section").first().locator("[data-testid=claim]").count() > 0, "claims made by the entity");
  await page.locator("[data-testid=entity-ledger]").waitFor();
});

await step("08-outlet", async () => {
  await open("#/outlet/HUM%20News%20English");
  await page.getByRole("heading", { name: "HUM News English", exact: true }).waitFor();
  await page.getByText("Whom it cites").waitFor();
  assert.ok(await page.locator(".bars .bar").count() > 0, "cited sources drawn as bars");
  assert.ok(await page.locator("[data-testid=provenance-graph]").count() === 1, "who-cites-whom graph");
});

await step("09-entities-outlets-timeline", async () => {
  await open("#/entities");
  assert.ok(await page.locator("table.data tbody tr").count() > 3, "entities table");
  await open("#/outlets");
  const outlets = await page.locator("table.data tbody tr").allInnerTexts();
  assert.ok(outlets.length === 2 && outlets.some((row) => row.includes("HUM News English")), `outlets: ${outlets}`);
  await open("#/timeline");
  assert.ok(await page.locator("[data-testid=timeline] circle").count() >= 1, "timeline dots");
});

await step("10-ingest-and-escaping", async () => {
  await open("#/ingest");
  const hostile = `<img src=x onerror="window.__pwned=1">Sanctions "talks" & <b>more</b>`;
  await page.fill("[data-testid=article-form] input[name=title]", hostile);
  await page.fill("[data-testid=article-form] input[name=outlet]", "Browser Test Wire");
  await page.fill("[data-testid=article-form] textarea[name=text]", "The minister said on Monday that the talks would resume next week. Officials denied that any deal had been reached.");
  await page.click("[data-testid=article-form] button[type=submit]");
  await page.locator("[data-testid=ingest-result] .ok").waitFor();
  assert.match(await page.locator("[data-testid=ingest-result]").innerText(), /1 stored/);
  await page.locator("[data-testid=ingest-result] a").first().click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/article/"));
  assert.equal(await page.locator("h1").innerText(), hostile, "the title shows as text");
  assert.equal(await page.locator("main img").count(), 0, "no element injected");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script ran");
});

await step("11-stories", async () => {
  await open("#/stories");
  const story = page.locator("main .card h2 a").first();
  await story.waitFor();
  await story.click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/story/"));
  await page.locator("[data-testid=story-grid]").waitFor();
  await page.locator("[data-testid=grid-legend]").waitFor();
  const columns = page.locator("[data-testid=story-columns] .column");
  assert.ok(await columns.count() >= 1, "one column per outlet");
  assert.equal(await page.locator("[data-testid=grid-row]").count(), await columns.count(), "one grid row per outlet");
});

await step("12-propositions", async () => {
  await open("#/propositions");
  const cards = page.locator("[data-testid=proposition]");
  assert.ok(await cards.count() > 0, "propositions listed");
  const verdicts = await page.locator("[data-testid=proposition] .badge").allInnerTexts();
  assert.ok(verdicts.every((verdict) => ["corroborated", "contested", "denied", "single-source", "repeated"].includes(verdict)), `verdicts: ${verdicts}`);
  // Follow Jalali's denial from its claim page to its proposition.
  await page.goto(claimUrl);
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/claim/"));
  await page.locator("[data-testid=proposition] a").first().click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/proposition/"));
  assert.ok(await page.locator("[data-testid=claim]").filter({ hasText: "Jalali" }).count() > 0, "the proposition lists Jalali's claim");
  assert.ok(await page.locator("[data-testid=provenance-graph]").count() === 1, "who says it, through whom");
  // The verdict explains itself: the reason, and Jalali among the independent origins.
  await page.locator("[data-testid=explanation]").waitFor();
  assert.ok((await page.locator("[data-testid=explain-reason]").innerText()).length > 10, "a reason in words");
  const origins = await page.locator("[data-testid=explain-origin]").allInnerTexts();
  assert.ok(origins.some((text) => text.includes("Jalali")), `origins: ${origins}`);
});

await step("13-check-a-claim", async () => {
  await open("#/check");
  await page.fill("[data-testid=check-form] input", "Russia gave Israel intelligence on Iran's air defenses");
  await page.press("[data-testid=check-form] input", "Enter");
  await page.locator("[data-testid=check-verdict]").waitFor();
  const verdict = await page.locator("[data-testid=check-verdict]").innerText();
  assert.ok(["contested", "denied"].includes(verdict), `verdict: ${verdict}`);
  const hum = page.locator("[data-testid=check-origin]").filter({ hasText: "HUM News English" });
  assert.equal(await hum.count(), 1, "HUM News English is one origin");
  assert.ok(await hum.locator(".badge.deny").count() > 0, "its article denies the claim");
});

await step("14-story-grid", async () => {
  // From Jalali's denial to its story: the grid has HUM News English denying it.
  await page.goto(claimUrl);
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/claim/"));
  await page.locator("[data-testid=proposition] a").first().click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/proposition/"));
  const proposition = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/proposition\//, "").split("?")[0]);
  await page.locator("main .meta a", { hasText: "its story" }).click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/story/"));
  const row = page.locator("[data-testid=grid-row]").filter({ hasText: "HUM News English" });
  assert.equal(await row.count(), 1, "HUM News English has a row");
  const cell = row.locator(`[data-testid=grid-cell][href*="${proposition}"]`);
  assert.equal(await cell.count(), 1, "a cell for Jalali's proposition");
  assert.match(await cell.locator("xpath=..").getAttribute("data-stance"), /^(denies|both)$/);
  assert.match(await cell.innerText(), /[✗±]\s*\d+/, "the mark and the count read without colour");
  // Claim counts come from the server: no article of the story shows "0 claims" when it has some.
  const counts = await page.locator("[data-testid=article-claims]").allInnerTexts();
  assert.ok(counts.length > 0 && counts.every((text) => /^[1-9]\d* claims?$/.test(text)), `counts: ${counts}`);
  await cell.click();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/proposition/"));
  await page.locator("[data-testid=outlet-filter]").waitFor();
  const outlets = await page.locator("[data-testid=claim] .meta .outlet").allInnerTexts();
  assert.ok(outlets.length > 0 && outlets.every((name) => name === "HUM News English"), `outlets: ${outlets}`);
});

await step("15-story-grid-on-a-phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goBack();
  await page.waitForFunction(() => (document.body.dataset.ready || "").startsWith("/story/"));
  await page.locator("[data-testid=story-grid]").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page does not scroll sideways on a phone (${overflow}px); the grid scrolls in its box`);
  await page.screenshot({ path: join(artifacts, "15-story-grid-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

assert.deepEqual(consoleErrors.filter((text) => !/404|401/.test(text)), [], "no errors in the console");
console.log(`browser tests: ${checks} pages checked, screenshots in ${artifacts}`);
await finish(0);
