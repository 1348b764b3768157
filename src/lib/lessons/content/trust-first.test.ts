/**
 * Lesson 9 in the crowd: the learner's first request to Bob is answered and leads to the emoji, also when the
 * learner presses "Verify by emoji" at the moment Bob does it himself (both starts cross on the way: the crypto keeps
 * one of them, and the side whose start was dropped must accept the other's, or both wait for good).
 */
import { describe, expect, it } from 'vitest';
import { DELAYS } from '../../contacts/persona';
import { lessonWorlds, type LessonWorld } from '../test-support';
import { emojiShown, newestRequest } from './emoji-verification';
import { lesson, solution } from './trust-first';

const open = lessonWorlds();

async function inTownHall(): Promise<LessonWorld> {
	const lw = await open(lesson);
	const [join, write] = lesson.steps;
	await solution.steps.join!(lw.driver);
	await lw.driver.waitFor('joined', join!.done);
	await solution.steps.write!(lw.driver);
	await lw.driver.waitFor('wrote', write!.done);
	return lw;
}

describe('lesson trust-first: verifying Bob in the crowd', { timeout: 120_000 }, () => {
	it('the first request is answered; "Verify by emoji" as Bob presses it too still shows the emoji', async () => {
		const lw = await inTownHall();
		const { driver: d, clock, world } = lw;
		await d.act({ type: 'requestVerification', otherUserId: d.userIdOf('bob') });
		const ready = await d.waitFor('Bob accepts', (v) => newestRequest(v, 'bob')?.phase === 'ready');
		const flowId = newestRequest(ready, 'bob')!.flowId;
		// Bob's patience runs out (he presses "Verify by emoji") in the same moment as the learner's press: neither
		// has seen the other's start yet.
		clock.increment(DELAYS.START_DELAY);
		await d.act({ type: 'startSas', flowId });
		await world.tick();
		const shown = await d.waitFor('the emoji with Bob', (v) => emojiShown(newestRequest(v, 'bob')));
		expect(newestRequest(shown, 'bob')!.flowId).toBe(flowId);
		expect(lw.waited()).toBeLessThan(60_000);
		await d.act({ type: 'confirmSas', flowId });
		await d.waitFor('Bob confirms', lesson.steps[2]!.done);
	});
});
