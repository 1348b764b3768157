import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium-headless-shell', args: ['--no-sandbox'] });
const S = '/tmp/join-shots/';
const W = { width: 1280, height: 720 }, P = { width: 390, height: 844 };
async function ctx(base, viewport) { const c = await browser.newContext({ baseURL: base, viewport }); const p = await c.newPage(); p.on('pageerror', (e) => console.log('pageerror', e.message)); return p; }
async function german(p) { await p.getByRole('button', { name: 'Deutsch' }).click(); }
async function english(p) { await p.getByRole('button', { name: 'English' }).click(); }
// Static server: the explanation
for (const [vp, lang] of [] &&  [[W, 'en'], [P, 'de'], [P, 'en'], [W, 'de']]) {
  const p = await ctx('http://127.0.0.1:4415', vp);
  await p.goto('/');
  if (lang === 'de') await german(p);
  await p.getByRole('button', { name: lang === 'de' ? /An einem Workshop/ : /Join a workshop/ }).click();
  await p.getByLabel(lang === 'de' ? 'Adresse der Lehrperson' : "Instructor's address").waitFor();
  await p.screenshot({ path: S + 'absent-' + lang + '-' + vp.width + '.png' });
  await p.context().close();
}
const a = await ctx('http://127.0.0.1:4414', W);
const b = await ctx('http://127.0.0.1:4414', P);
await a.goto('/'); await b.goto('/'); await german(b);
await a.getByRole('button', { name: /Join a workshop/ }).click();
await b.getByRole('button', { name: /An einem Workshop/ }).click();
await a.getByLabel('Workshop code').fill('6H7-VWD'); await a.getByLabel('Your name').fill('Anna');
await b.getByLabel('Workshop-Code').fill('6H7-VWD'); await b.getByLabel('Dein Name').fill('Jürgen');
await a.screenshot({ path: S + 'join-en-1280.png' }); await b.screenshot({ path: S + 'join-de-390.png' });
await a.getByRole('button', { name: 'Join', exact: true }).click();
await b.getByRole('button', { name: 'Teilnehmen', exact: true }).click();
await a.getByRole('navigation', { name: 'Rooms' }).waitFor({ timeout: 60000 });
await b.getByRole('navigation', { name: 'Räume' }).waitFor({ timeout: 60000 });
await a.getByRole('button', { name: 'Message Jürgen' }).waitFor({ timeout: 30000 });
await a.screenshot({ path: S + 'classroom-en-1280.png' }); await b.screenshot({ path: S + 'classroom-de-390.png', fullPage: true });
await a.getByRole('button', { name: 'Message Jürgen' }).click();
await b.getByRole('button', { name: 'Annehmen' }).click();
await a.getByRole('button', { name: 'Verify Jürgen' }).click();
await a.getByRole('button', { name: 'Start Verification' }).click();
await b.getByRole('button', { name: 'Zurück zur Raumliste' }).click(); await b.getByRole('button', { name: 'Benutzer verifizieren' }).click();
await a.getByRole('button', { name: 'Verify by emoji' }).click();
await a.getByRole('list', { name: 'Emoji to compare' }).waitFor();
await b.getByRole('list', { name: /Emojis/ }).waitFor();
await a.screenshot({ path: S + 'emoji-en-1280.png' }); await b.screenshot({ path: S + 'emoji-de-390.png', fullPage: true });
await a.getByRole('button', { name: 'They match' }).click();
await b.getByRole('button', { name: 'Sie passen zueinander' }).click();
await a.getByText("You've successfully verified Jürgen!").waitFor();
await a.screenshot({ path: S + 'verified-en-1280.png' }); await b.screenshot({ path: S + 'verified-de-390.png', fullPage: true });
await a.setViewportSize(P); await german(a); await b.setViewportSize(W); await english(b);
await a.waitForTimeout(500);
await a.screenshot({ path: S + 'verified-de-390b.png', fullPage: true }); await b.screenshot({ path: S + 'verified-en-1280b.png' });
await b.setViewportSize(P); await a.setViewportSize(W);
await b.screenshot({ path: S + 'verified-en-390.png', fullPage: true }); await a.screenshot({ path: S + 'verified-de-1280.png' });
await browser.close();
