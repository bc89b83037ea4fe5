// Drives Debian's Chromium through playwright-core for tests/testsuite/browser.rs.
// The Rust test builds a site, serves it on loopback and runs
// `node check.mjs SPEC.json`; this script loads the pages, measures, and prints one
// JSON object with what it saw. The assertions live in the Rust test, so a failure
// names the page and the numbers.
//
// Every request to a host other than the local server is blocked and recorded.

import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const origin = new URL(spec.origin);
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const ASIDE = 'aside.sidebar';

const out = { requests: [], failures: [], errors: [], results: [] };

const browser = await chromium.launch({
  executablePath: spec.chromium,
  headless: true,
  // Playwright gives every launch a fresh temporary profile (--user-data-dir).
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: WIDE, ...options });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === origin.host && url.protocol === origin.protocol) return route.continue();
    out.requests.push({ url: url.href, blocked: true });
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (url.host === origin.host) out.requests.push({ url: url.href, blocked: false });
  });
  context.on('response', (res) => {
    if (res.status() >= 400) out.failures.push({ url: res.url(), status: res.status() });
  });
  context.on('page', (page) => {
    page.on('pageerror', (e) => out.errors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') out.errors.push(`${page.url()}: console: ${m.text()}`);
    });
  });
  return context;
}

async function open(context, path) {
  const page = await context.newPage();
  await page.goto(new URL(path, origin).href, { waitUntil: 'load' });
  return page;
}

function box(b) {
  return b && { x: b.x, y: b.y, width: b.width, height: b.height };
}

// Total layout-shift score since navigation (buffered entries included).
const LAYOUT_SHIFT = () => new Promise((resolve) => {
  let total = 0;
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  });
  po.observe({ type: 'layout-shift', buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
    for (const e of po.takeRecords()) if (!e.hadRecentInput) total += e.value;
    po.disconnect();
    resolve(total);
  }, 0)));
});

const tasks = {
  // Every page, wide and narrow: requests, layout shift, horizontal overflow.
  async load() {
    for (const viewport of [WIDE, NARROW]) {
      const context = await newContext({ viewport });
      const page = await context.newPage();
      for (const path of spec.pages) {
        await page.goto(new URL(path, origin).href, { waitUntil: 'load' });
        const layoutShift = await page.evaluate(LAYOUT_SHIFT);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        // JSON-LD is data for search engines, not a script that runs.
        const scripts = await page.locator('script:not([type="application/ld+json"])').count();
        // The first Tab lands on a visible skip link with a visible focus ring.
        await page.keyboard.press('Tab');
        const firstFocus = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return {
            href: el.getAttribute('href'), top: r.top, bottom: r.bottom,
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
          };
        });
        out.results.push({
          path, viewport, layoutShift, scrollWidth, innerWidth, scripts, firstFocus,
        });
      }
      await context.close();
    }
  },

  // Article pages at 1280x800 and 390x844, light and dark: screenshots and boxes.
  async layout() {
    mkdirSync(spec.screenshots, { recursive: true });
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [WIDE, NARROW]) {
        const context = await newContext({ viewport, colorScheme });
        for (const article of spec.articles) {
          const page = await open(context, article.url);
          const file = join(spec.screenshots,
            `${article.name}-${viewport.width}x${viewport.height}-${colorScheme}.png`);
          await page.screenshot({ path: file });
          await page.screenshot({ path: file.replace(/\.png$/, '-full.png'), fullPage: true });
          const aside = page.locator(ASIDE);
          const measures = await page.evaluate(() => {
            const px = (sel) => {
              const el = document.querySelector(sel);
              return el ? parseFloat(getComputedStyle(el).fontSize) : null;
            };
            return {
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth,
              badgeFontPx: Math.min(...[...document.querySelectorAll('.badge')]
                .filter((b) => b.getClientRects().length > 0)
                .map((b) => parseFloat(getComputedStyle(b).fontSize))),
              bodyFontPx: px('.article__body'),
              // Where each copy of the table of contents is, when it is shown.
              toc: Object.fromEntries(['top', 'side'].map((place) => {
                const el = document.querySelector(`.toc--${place}`);
                const r = el && el.getClientRects().length ? el.getBoundingClientRect() : null;
                return [place, r && { x: r.x, y: r.y, width: r.width, height: r.height }];
              })),
              hasToc: document.querySelector('.toc') !== null,
              dir: document.documentElement.dir || 'ltr',
              // The body's first paragraph and the first line of its text: which edge
              // the text starts at.
              paragraph: (() => {
                const p = document.querySelector('.article__body > p');
                if (!p) return null;
                const range = document.createRange();
                range.selectNodeContents(p);
                // A line of mixed directions (Arabic with digits) is several boxes: the
                // first line is every box beside the first one.
                const boxes = [...range.getClientRects()];
                const [top, bottom] = [boxes[0].top, boxes[0].bottom];
                const first = boxes.filter((b) => (b.top + b.bottom) / 2 > top && (b.top + b.bottom) / 2 < bottom);
                const line = {
                  left: Math.min(...first.map((b) => b.left)),
                  right: Math.max(...first.map((b) => b.right)),
                };
                const r = p.getBoundingClientRect();
                const style = getComputedStyle(p);
                return {
                  left: r.left, right: r.right, lineLeft: line.left, lineRight: line.right,
                  direction: style.direction, textAlign: style.textAlign,
                };
              })(),
              // Figures (figure.rs): the image's box and declared size, the caption and credit.
              figures: [...document.querySelectorAll('figure.figure')].map((f) => {
                const img = f.querySelector('img');
                const r = img.getBoundingClientRect();
                const credit = f.querySelector('.figure__credit');
                return {
                  width: r.width, height: r.height, right: r.right,
                  declared: [Number(img.getAttribute('width')), Number(img.getAttribute('height'))],
                  caption: f.querySelector('figcaption').getBoundingClientRect().height,
                  credit: credit ? credit.innerText : null,
                  bodyRight: document.querySelector('.article__body').getBoundingClientRect().right,
                };
              }),
            };
          });
          out.results.push({
            path: article.url, viewport, colorScheme, screenshot: file,
            aside: (await aside.count()) ? box(await aside.boundingBox()) : null,
            body: box(await page.locator('.article__body').boundingBox()),
            ...measures,
          });
          await page.close();
        }
        await context.close();
      }
    }
  },

  // axe-core on the given pages: light and dark when wide, light when narrow.
  async axe() {
    for (const [viewport, colorScheme] of [[WIDE, 'light'], [WIDE, 'dark'], [NARROW, 'light']]) {
      const context = await newContext({ viewport, colorScheme });
      const page = await context.newPage();
      for (const path of spec.axePages) {
        await page.goto(new URL(path, origin).href, { waitUntil: 'load' });
        await page.addScriptTag({ content: AXE_SOURCE });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
          }));
        });
        out.results.push({ path, viewport, colorScheme, violations });
      }
      await context.close();
    }
  },

  // JavaScript off: every source title and claim text is visible; markers and badges
  // (the timeline's too) jump to their sidebar entry and the entry's back link returns
  // to them; timeline events and embed cards are shown.
  async nojs() {
    for (const viewport of [WIDE, NARROW]) {
      const context = await newContext({ viewport, javaScriptEnabled: false });
      for (const article of spec.articles) {
        const page = await open(context, article.url);
        const aside = page.locator(ASIDE);
        const invisible = [];
        for (const text of [...article.sources, ...article.claims]) {
          const visible = await aside.getByText(text, { exact: true }).filter({ visible: true }).count();
          if (!visible) invisible.push(text);
        }
        const jumps = [];
        const links = page.locator('.article__body sup.citation a, .article__body .claim > a.badge, .timeline sup.citation a, .article__body .noteref > a');
        const count = await links.count();
        for (let i = 0; i < count; i++) {
          const link = links.nth(i);
          const id = await link.getAttribute('id')
            ?? await link.locator('xpath=..').getAttribute('id');
          const href = await link.getAttribute('href');
          await link.click();
          const hashAfterClick = new URL(page.url()).hash;
          const entry = page.locator(href);
          const entryBox = await entry.boundingBox();
          const back = entry.locator(`a[href="#${id}"]`);
          let backBox = null;
          if (await back.count()) {
            await back.click();
            backBox = box(await page.locator(`[id="${id}"]`).boundingBox());
          }
          jumps.push({
            href, id, hashAfterClick, entry: box(entryBox),
            hasBackLink: (await back.count()) > 0, returned: backBox,
            hashAfterBack: new URL(page.url()).hash,
          });
        }
        // What a screen reader announces for each claim badge in the text, and the
        // status its sidebar entry shows.
        const announced = [];
        const badges = page.locator('.article__body .claim > a.badge');
        for (let i = 0; i < await badges.count(); i++) {
          const badge = badges.nth(i);
          const entry = page.locator(`${await badge.getAttribute('href')} .badge`).first();
          // On a site with claim pages, the arrow after the badge: its name and page.
          const arrow = badge.locator('xpath=following-sibling::a[@class="claim__page"]');
          const pageLink = (await arrow.count())
            ? { snapshot: await arrow.ariaSnapshot(), href: await arrow.getAttribute('href') }
            : null;
          announced.push({
            snapshot: await badge.ariaSnapshot(),
            status: (await entry.textContent()).trim(),
            pageLink,
          });
        }
        // The timeline's events and the embeds' link cards, all of them and those shown.
        const shown = async (sel) => [await page.locator(sel).count(), await page.locator(sel).filter({ visible: true }).count()];
        const [events, eventsShown] = await shown('.timeline li');
        const [cards, cardsShown] = await shown('.embed__card');
        out.results.push({ path: article.url, viewport, invisible, jumps, announced, events, eventsShown, cards, cardsShown });
        await page.close();
      }
      await context.close();
    }
  },

  // Print media: navigation hidden, sources after the article with their URLs,
  // citations' locators shown, badges black on white. A PDF of each article is kept next to the screenshots.
  async print() {
    mkdirSync(spec.screenshots, { recursive: true });
    const context = await newContext();
    for (const article of spec.articles) {
      const page = await open(context, article.url);
      await page.emulateMedia({ media: 'print' });
      const facts = await page.evaluate((asideSel) => {
        const style = (el, pseudo) => getComputedStyle(el, pseudo);
        const aside = document.querySelector(asideSel);
        const body = document.querySelector('.article__body');
        return {
          navVisible: [...document.querySelectorAll('nav, .skip-link')]
            .some((n) => n.getClientRects().length > 0 && style(n).visibility !== 'hidden'),
          asideTop: aside && aside.getBoundingClientRect().top,
          bodyBottom: body.getBoundingClientRect().bottom,
          sourceUrls: [...document.querySelectorAll(`${asideSel} .source__title a[href^="http"]`)]
            .map((a) => ({ href: a.getAttribute('href'), after: style(a, '::after').content })),
          // Each citation's prefix, locator and suffix, shown on paper.
          citationNotes: [...document.querySelectorAll('.citation__note')]
            .map((n) => n.getClientRects().length > 0),
          badges: [...document.querySelectorAll('.badge')].map((b) => ({
            text: b.textContent, color: style(b).color, background: style(b).backgroundColor,
            border: style(b).borderTopStyle,
          })),
        };
      }, ASIDE);
      await page.pdf({ path: join(spec.screenshots, `${article.name}-print.pdf`) });
      out.results.push({ path: article.url, ...facts });
      await page.close();
    }
    await context.close();
  },

  // The search page (issue 20), wide and narrow, light and dark: a query typed, its
  // results, then the status filter ticked from the keyboard; axe once results show.
  async search() {
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [WIDE, NARROW]) {
        const context = await newContext({ viewport, colorScheme });
        const page = await open(context, spec.search.page);
        const input = page.locator('.pagefind-ui__search-input');
        await input.waitFor();
        await input.focus();
        await page.keyboard.type(spec.search.query, { delay: 20 });
        // Results load as they come into view: each is scrolled to, then read.
        const titles = async (after) => {
          await page.waitForFunction(([query, after]) => {
            const m = document.querySelector('.pagefind-ui__message');
            return m && m.textContent.includes(query) && m.textContent !== after;
          }, [spec.search.query, after]);
          const results = page.locator('.pagefind-ui__result');
          for (let i = 0; i < await results.count(); i++) await results.nth(i).scrollIntoViewIfNeeded();
          await page.waitForFunction(() => document.querySelectorAll('.pagefind-ui__result-link').length > 0 && document.querySelectorAll('.pagefind-ui__result').length
            === document.querySelectorAll('.pagefind-ui__result-link').length);
          return page.locator('.pagefind-ui__result-link').evaluateAll(
            (links) => links.map((a) => ({ title: a.textContent.trim(), href: a.getAttribute('href') })));
        };
        const message = () => page.locator('.pagefind-ui__message').textContent();
        const found = await titles('');
        const before = await message();
        const filter = page.getByRole('checkbox', { name: new RegExp(`^${spec.search.status}\\b`) });
        await filter.focus();
        await page.keyboard.press('Space');
        const filtered = await titles(before);
        const excerpts = await page.locator('.pagefind-ui__result-excerpt').allTextContents();
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        }));
        await page.addScriptTag({ content: AXE_SOURCE });
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
          }));
        });
        mkdirSync(spec.screenshots, { recursive: true });
        await page.screenshot({ path: join(spec.screenshots, `search-${viewport.width}-${colorScheme}.png`), fullPage: true });
        out.results.push({ viewport, colorScheme, found, filtered, excerpts, scrollWidth, innerWidth, violations });
        await context.close();
      }
    }
  },
};

try {
  for (const name of spec.tasks) await tasks[name]();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
