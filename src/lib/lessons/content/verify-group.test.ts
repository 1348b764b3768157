/**
 * Lesson 7 off the solution's path: the learner writes to Carol without pressing "Cancel" on the request she
 * missed. Nobody is left waiting for her: when the message reaches her she closes the old request herself and asks
 * for a new one, the step completes, and a new request is accepted and verified.
 */
import { describe, expect, it } from 'vitest';
import { lessonWorlds } from '../test-support';
import { dmWith, messagesIn, userIdOf } from '../view';
import { confirmEmoji, newestRequest } from './emoji-verification';
import { lesson, solution } from './verify-group';

const open = lessonWorlds();

describe('lesson verify-group', () => {
	it('writing to Carol before cancelling: she closes the missed request, and a new one verifies her', async () => {
		const d = (await open(lesson)).driver;
		const [bob, request, write, verify, dave] = lesson.steps;
		await solution.steps.bob!(d);
		await d.waitFor('Bob verified', bob!.done);
		await solution.steps['carol-request']!(d);
		const asked = await d.waitFor('the request to Carol', request!.done);
		const missed = newestRequest(asked, 'carol')!;
		expect(missed.phase).not.toBe('cancelled');

		// No "Cancel": straight to the chat the request opened.
		await d.act({ type: 'sendText', roomId: missed.roomId!, body: 'Hi Carol, are you there?' });
		const answered = await d.waitFor('Carol answers', write!.done);
		const closed = newestRequest(answered, 'carol')!;
		expect(closed.flowId).toBe(missed.flowId);
		expect(closed.cancel?.byUs).toBe(false);
		const carol = userIdOf(answered, 'carol');
		expect(messagesIn(dmWith(answered, 'carol'), carol).length).toBeGreaterThan(0);

		await confirmEmoji(d, 'carol');
		await d.waitFor('Carol verified', verify!.done);
		// Dave verified, but the lesson is done only once the learner looks at "Book club".
		await confirmEmoji(d, 'dave');
		const daveDone = await d.waitFor('Dave confirms', (v) => newestRequest(v, 'dave')?.phase === 'done');
		expect(dave!.done(daveDone)).toBe(false);
		await solution.steps.dave!(d);
		await d.waitFor('looking at Book club', dave!.done);
	});
});
