/**
 * The lesson driver on the page: does a lesson's moves through the world in the Web Worker (to bring a learner back
 * to the step they left, or to the step a retry goes back to), waiting on the snapshots the worker pushes while the
 * contacts act on their real timers.
 */
import { learnerCommand, LessonDriverError, valueOf, type LessonDriver } from '$lib/lessons/driver';
import type { LessonView } from '$lib/lessons/types';
import { lessonView, userIdOf } from '$lib/lessons/view';
import type { WorldBridge } from '$lib/world-bridge';

const POLL_MS = 200;
const LIMIT_MS = 120_000;

export interface PageDriverOptions {
	/** A redone "Set up Secure Backup" made a new Security Key: the learner must see it to use it. */
	onSecurityKey?: (key: string) => void;
}

export function pageDriver(world: WorldBridge, learner: string, opts: PageDriverOptions = {}): LessonDriver {
	const view = (): LessonView => {
		if (!world.snapshot) throw new LessonDriverError('The world is not running.');
		return lessonView(world.snapshot, learner);
	};
	const send = async (command: Parameters<WorldBridge['send']>[0]) =>
		valueOf(command, await world.send(command));
	return {
		learner,
		userIdOf(localpart) {
			const id = world.snapshot && userIdOf(world.snapshot, localpart);
			if (!id) throw new LessonDriverError(`Nobody called ${localpart} in this lesson.`);
			return id;
		},
		send,
		async act(command, deviceId) {
			const value = await send(learnerCommand(learner, command, deviceId));
			if (command.type === 'setupKeyBackup' && typeof value === 'string') opts.onSecurityKey?.(value);
			return value;
		},
		view: () => Promise.resolve(view()),
		async waitFor(what, until) {
			for (let waited = 0; waited <= LIMIT_MS; waited += POLL_MS) {
				if (world.status !== 'ready') throw new LessonDriverError('The world stopped.');
				const v = view();
				if (until(v)) return v;
				await new Promise((r) => setTimeout(r, POLL_MS));
			}
			throw new LessonDriverError(`Waited too long for: ${what}`);
		}
	};
}
