/**
 * The course as learning-platform packages (`npm run build:lms`; `npm test` builds build-lms/ once and these tests
 * package it with their own flags: lesson 1 and a two-question quiz with a mastery score of 50 %). The SCORM 1.2
 * manifest is validated against the SCORM 1.2 schema with xmllint; a learner takes the course inside a test platform
 * that gives it a real SCORM 1.2 runtime (scorm-again) and, on another computer, finds their progress again; the
 * cmi5 package is launched against a small LRS, and its statements are checked as the cmi5 spec lists them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type FrameLocator, type Page } from '@playwright/test';
import { makeTestPackages, startTestPlatform, TEST_PACKAGE, type TestPlatform } from './lms-platform';

// One package build and one platform for the file: its tests run one after another in one worker.
test.describe.configure({ mode: 'serial' });

let dir: string;
let packages: ReturnType<typeof makeTestPackages>;
let platform: TestPlatform;

test.beforeAll(async () => {
	// `npm test` (and so CI) always builds it; a browser-test run on its own may not have.
	const missing = !existsSync('build-lms/index.html');
	if (missing && process.env.CI) throw new Error('build-lms/ is missing: npm test builds it');
	test.skip(missing, 'build-lms/ is missing: `npm test` builds it (or E2EE_LMS_BUILD=1 npx vite build)');
	dir = mkdtempSync(join(tmpdir(), 'e2ee-lms-'));
	packages = makeTestPackages(dir);
	platform = await startTestPlatform(packages);
});

test.afterAll(async () => {
	await platform?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A new browser context: a computer on which the learner never opened the course. */
async function computer(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
	// The contacts at a quarter of a person's pace, as in every browser test (playwright.config.ts).
	await context.addInitScript(() => localStorage.setItem('e2ee-trainer.contact-pace', '0.25'));
	return context.newPage();
}

/** Lesson 1 as a learner does it, in today's Element (the course's default): a chat with Bob, a message. */
async function doLessonOne(course: FrameLocator | Page) {
	await course
		.getByRole('region', { name: 'Lessons' })
		.getByRole('link', { name: /Your first encrypted chat/ })
		.click();
	const nav = course.getByRole('navigation', { name: 'Rooms' });
	await expect(nav).toBeVisible({ timeout: 90_000 });
	const step = course.getByRole('region', { name: 'Lesson', exact: true }).getByRole('status').first();
	await expect(step).toHaveText('Step 1 of 3', { timeout: 30_000 });
	await nav.getByRole('button', { name: 'New conversation' }).click();
	await course.getByRole('menuitem', { name: 'Start chat' }).click();
	await course.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
	await expect(step).toHaveText('Step 2 of 3', { timeout: 30_000 });
	const composer = course.getByPlaceholder('Send a message…');
	await composer.fill('Hello Bob!');
	await composer.press('Enter');
	await expect(
		course
			.getByRole('region', { name: 'Lesson', exact: true })
			.getByRole('heading', { name: 'Lesson complete' })
	).toBeVisible({ timeout: 60_000 });
}

/** The package's quiz (two questions), each answered with its first choice. Returns how many were right. */
async function takeQuiz(course: FrameLocator | Page): Promise<number> {
	await course.getByRole('link', { name: 'E2EE Trainer' }).click();
	await course.getByRole('link', { name: 'Take the shield quiz' }).click();
	await expect(course.getByText(TEST_PACKAGE.quizSet, { exact: true })).toBeVisible();
	await course.getByRole('button', { name: 'Start the quiz' }).click();
	for (let n = 1; n <= TEST_PACKAGE.questions; n++) {
		await expect(
			course.getByText(`Question ${n} of ${TEST_PACKAGE.questions}`, { exact: true })
		).toBeVisible();
		await course.getByRole('group', { name: 'Your answer' }).getByRole('radio').first().check();
		await course.getByRole('button', { name: 'Check answer' }).click();
		await expect(course.getByRole('heading', { level: 2, name: /^(Right!|Not quite\.)$/ })).toBeVisible();
		await course
			.getByRole('button', { name: n === TEST_PACKAGE.questions ? 'See your score' : 'Next question' })
			.click();
	}
	const score = course.getByRole('heading', { level: 1, name: /of 2 right$/ });
	await expect(score).toBeVisible();
	return Number(/^(\d+)/.exec(await score.innerText())?.[1]);
}

/** Every request a page made stays on the platform's origin (the package brings everything it needs). */
function watchRequests(page: Page, origin: string): string[] {
	const outside: string[] = [];
	page.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
			outside.push(url);
	});
	return outside;
}

test('the SCORM 1.2 manifest validates against the SCORM 1.2 schema (xmllint), the cmi5 course structure names its AU', () => {
	const schema = join(packages.scorm12, 'adlcp_rootv1p2.xsd');
	const manifest = join(packages.scorm12, 'imsmanifest.xml');
	const out = execFileSync('xmllint', ['--noout', '--schema', schema, manifest], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe']
	});
	expect(out).toBe('');
	const xml = readFileSync(manifest, 'utf8');
	expect(xml).toContain('<schemaversion>1.2</schemaversion>');
	expect(xml).toContain(`<adlcp:masteryscore>${TEST_PACKAGE.mastery}</adlcp:masteryscore>`);
	expect(xml).toMatch(/adlcp:scormtype="sco" href="index.html"/);
	for (const file of ['index.html', 'imsmanifest.xml', 'imscp_rootv1p1p2.xsd', 'adlcp_rootv1p2.xsd'])
		expect(existsSync(join(packages.scorm12, file))).toBe(true);
	// A manifest that breaks the schema is refused: the validator really validates.
	const broken = join(dir, 'broken.xml');
	writeFileSync(broken, xml.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'));
	expect(() => execFileSync('xmllint', ['--noout', '--schema', schema, broken], { stdio: 'pipe' })).toThrow();

	const structure = readFileSync(join(packages.cmi5, 'cmi5.xml'), 'utf8');
	expect(structure).toContain('<url>index.html</url>');
	expect(structure).toMatch(/moveOn="CompletedAndPassed" masteryScore="0.5"/);
	// The page keeps the course's policy and only relative URLs.
	const page = readFileSync(join(packages.scorm12, 'index.html'), 'utf8');
	expect(page).toContain("connect-src 'self'");
	expect(page).not.toMatch(/(href|src)="\/|import\("\//);
});

test('SCORM 1.2: a learner completes a lesson and the quiz in the platform; on another computer the platform has their result and progress', async ({
	browser
}) => {
	const page = await computer(browser);
	const outside = watchRequests(page, platform.origin);
	await page.goto(`${platform.origin}/lms/scorm-player.html`);
	const course = page.frameLocator('iframe[title="Course"]');
	await expect(
		course.getByText('Your progress and your quiz score go to your learning platform.')
	).toBeVisible();
	// The package's lesson set: lesson 1 alone.
	await expect(course.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(1);
	await expect.poll(() => platform.scorm.calls ?? []).toContain('LMSInitialize');
	expect(platform.scorm.lesson_status).toBe('incomplete');

	await doLessonOne(course);
	// The lesson alone does not complete the package: its quiz is part of it.
	await expect.poll(() => platform.scorm.suspend_data ?? '').toContain('first-encrypted-chat');
	expect(platform.scorm.lesson_status).toBe('incomplete');

	const right = await takeQuiz(course);
	const percent = (100 * right) / TEST_PACKAGE.questions;
	const status = percent >= TEST_PACKAGE.mastery ? 'passed' : 'failed';
	await expect.poll(() => platform.scorm.lesson_status).toBe(status);
	expect(platform.scorm.score).toEqual({ raw: String(percent), min: '0', max: '100' });

	await course.getByRole('button', { name: 'Finish and send my results' }).click();
	await expect(
		course.getByText('Your results are with your learning platform. You can close this window.')
	).toBeVisible();
	await expect.poll(() => platform.scorm.calls ?? []).toContain('LMSFinish');
	const calls = platform.scorm.calls ?? [];
	expect(calls.find((c) => c.startsWith('LMSSetValue cmi.core.session_time'))).toMatch(
		/= \d{4}:\d{2}:\d{2}\.\d{2}$/
	);
	expect(calls.indexOf('LMSInitialize')).toBeLessThan(calls.indexOf('LMSFinish'));
	expect(platform.scorm.suspend_data!.length).toBeLessThanOrEqual(4096);
	expect(outside).toEqual([]);
	await page.context().close();

	// Another computer (nothing in its browser): the runtime has the result, the course the progress.
	const again = await computer(browser);
	await again.goto(`${platform.origin}/lms/scorm-player.html`);
	const course2 = again.frameLocator('iframe[title="Course"]');
	await expect(course2.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first()).toContainText(
		'Done'
	);
	const runtime = await again.evaluate(() => {
		const api = (window as unknown as { API: { cmi: { core: Record<string, unknown> } } }).API;
		const core = api.cmi.core as { lesson_status: string; entry: string; score: Record<string, string> };
		return {
			status: core.lesson_status,
			entry: core.entry,
			score: { raw: core.score.raw, min: core.score.min, max: core.score.max }
		};
	});
	expect(runtime).toEqual({ status, entry: 'resume', score: { raw: String(percent), min: '0', max: '100' } });
	await again.context().close();
});

test('without a platform (the package opened on its own) the course runs on the browser alone', async ({
	browser
}) => {
	const page = await computer(browser);
	await page.goto(`${platform.origin}/scorm12/index.html`);
	await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(1);
	await expect(page.getByText('Your progress and your quiz score go to your learning platform.')).toHaveCount(
		0
	);
	await expect(page.getByRole('link', { name: 'Take the shield quiz' })).toBeVisible();
	await page.context().close();
});

const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const VERB = (name: string) => `http://adlnet.gov/expapi/verbs/${name}`;
const ACTIVITY = 'urn:e2ee-trainer:course:au';
const REGISTRATION = '6f0d8a8e-1f2b-4c3d-9e4f-5a6b7c8d9e0f';
const ACTOR = {
	objectType: 'Agent',
	name: 'Lee Learner',
	account: { homePage: 'https://lms.test', name: 'lee' }
};

/** What the LMS does before a launch: launch data for the session, and its own "launched" statement. */
function prepareLaunch(session: string) {
	platform.states.set(
		`LMS.LaunchData|${REGISTRATION}`,
		JSON.stringify({
			contextTemplate: {
				contextActivities: { grouping: [{ id: 'urn:e2ee-trainer:course' }] },
				extensions: { [SESSION]: session }
			},
			launchMode: 'Normal',
			moveOn: 'CompletedAndPassed',
			masteryScore: TEST_PACKAGE.mastery / 100
		})
	);
	platform.statements.push({
		statement: {
			id: crypto.randomUUID(),
			actor: ACTOR,
			verb: { id: VERB('launched') },
			object: { id: ACTIVITY, objectType: 'Activity' },
			context: { registration: REGISTRATION, extensions: { [SESSION]: session } }
		}
	});
	const params = new URLSearchParams({
		endpoint: `${platform.origin}/lrs/`,
		fetch: `${platform.origin}/lms/cmi5/fetch`,
		actor: JSON.stringify(ACTOR),
		registration: REGISTRATION,
		activityId: ACTIVITY
	});
	return `${platform.origin}/cmi5/index.html?${params}`;
}

/** The statements of one session, by verb name. */
const verbsOf = (session: string) =>
	platform.statements
		.filter((s) => s.statement.context?.extensions?.[SESSION] === session)
		.map((s) => s.statement.verb?.id?.replace('http://adlnet.gov/expapi/verbs/', ''));

test('cmi5: the AU reads its launch, sends initialized, completed, passed/failed with the score and terminated, and keeps the learner’s state in the LRS', async ({
	browser
}) => {
	const page = await computer(browser);
	const outside = watchRequests(page, platform.origin);
	await page.goto(prepareLaunch('session-1'));
	await expect(
		page.getByText('Your progress and your quiz score go to your learning platform.')
	).toBeVisible();
	await expect.poll(() => verbsOf('session-1')).toEqual(['launched', 'initialized']);

	// This package is the quiz alone: answering it completes the AU, and its score passes or fails it.
	const right = await takeQuiz(page);
	const scaled = right / TEST_PACKAGE.questions;
	const verdict = scaled * 100 >= TEST_PACKAGE.mastery ? 'passed' : 'failed';
	await expect.poll(() => verbsOf('session-1')).toEqual(['launched', 'initialized', 'completed', verdict]);
	// The learner's state is a document in the LRS's state API.
	await expect
		.poll(() => JSON.parse(platform.states.get(`e2ee-trainer.state|${REGISTRATION}`) ?? '{}') as unknown)
		.toMatchObject({
			data: expect.stringContaining(`"q":[${right},${TEST_PACKAGE.questions}]`),
			sent: { completed: true, [verdict]: true }
		});

	await page.getByRole('button', { name: 'Finish and send my results' }).click();
	await expect(
		page.getByText('Your results are with your learning platform. You can close this window.')
	).toBeVisible();
	await expect
		.poll(() => verbsOf('session-1'))
		.toEqual(['launched', 'initialized', 'completed', verdict, 'terminated']);
	expect(outside).toEqual([]);

	// What the cmi5 spec asks of every AU statement (§9): id, actor, verb, object, timestamp, registration, session
	// id, the cmi5 category; and of each verb its result and context (§9.3).
	const sent = platform.statements.filter((s) => s.statement.verb?.id !== VERB('launched'));
	const byVerb = (name: string) => sent.find((s) => s.statement.verb?.id === VERB(name))!.statement;
	for (const { statement, authorization, version } of sent) {
		expect(statement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(statement.actor).toEqual(ACTOR);
		expect(statement.object).toEqual({ id: ACTIVITY, objectType: 'Activity' });
		expect(Date.parse(statement.timestamp!)).not.toBeNaN();
		expect(statement.context?.registration).toBe(REGISTRATION);
		expect(statement.context?.extensions?.[SESSION]).toBe('session-1');
		expect(statement.context?.contextActivities?.category).toContainEqual({ id: CMI5 });
		// Authorised with the token from the fetch URL, in the xAPI version the LRS speaks.
		expect(authorization).toBe(`Basic ${platform.tokens[0]}`);
		expect(version).toMatch(/^1\.0\.\d$/);
	}
	const duration = /^P(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)$/;
	const completed = byVerb('completed');
	expect(completed.result?.completion).toBe(true);
	expect(completed.result?.duration).toMatch(duration);
	expect(completed.context?.contextActivities?.category).toContainEqual({ id: MOVE_ON });
	const judged = byVerb(verdict);
	expect(judged.result?.success).toBe(verdict === 'passed');
	expect(judged.result?.score).toEqual({ scaled, raw: scaled * 100, min: 0, max: 100 });
	expect(judged.result?.duration).toMatch(duration);
	expect(judged.context?.extensions?.[MASTERY]).toBe(TEST_PACKAGE.mastery / 100);
	expect(judged.context?.contextActivities?.category).toContainEqual({ id: MOVE_ON });
	expect(byVerb('terminated').result?.duration).toMatch(duration);
	await page.context().close();

	// A second session on another computer: the state comes back from the LRS (so the result is not sent twice, and
	// the state the AU writes back still holds the quiz), and the learner carries on.
	const writes = platform.stateWrites.length;
	const again = await computer(browser);
	await again.goto(prepareLaunch('session-2'));
	await expect(
		again.getByText('Your progress and your quiz score go to your learning platform.')
	).toBeVisible();
	await expect.poll(() => platform.stateWrites.length).toBeGreaterThan(writes);
	expect(platform.stateWrites.at(-1)).toContain(`\\"q\\":[${right},${TEST_PACKAGE.questions}]`);
	await expect(again.getByRole('link', { name: 'Take the shield quiz' })).toBeVisible();
	expect(verbsOf('session-2')).toEqual(['launched', 'initialized']);
	await again.getByRole('button', { name: 'Finish and send my results' }).click();
	await expect.poll(() => verbsOf('session-2')).toEqual(['launched', 'initialized', 'terminated']);
	await again.context().close();
});
