import { describe, expect, it } from 'vitest';
import { inStages, nextTask } from './next-task';

describe('nextTask', () => {
	it('resolves after work already queued as a task, not within the current one', async () => {
		const order: string[] = [];
		setTimeout(() => order.push('queued task'), 0);
		queueMicrotask(() => order.push('microtask'));
		const yielded = nextTask().then(() => order.push('after yield'));
		order.push('sync');
		await yielded;
		// Without scheduler.yield (Node), the yield is a later timeout: after the task queued before it.
		expect(order).toEqual(['sync', 'microtask', 'queued task', 'after yield']);
	});
});

describe('inStages', () => {
	it('reaches each stage in its own task, in order, and stops when the view is gone', async () => {
		const seen: string[] = [];
		await inStages(
			3,
			(stage) => {
				seen.push(`stage ${stage}`);
				// Work queued by a stage runs before the next stage: each stage is a task of its own.
				setTimeout(() => seen.push(`after ${stage}`), 0);
			},
			() => true
		);
		expect(seen).toEqual(['stage 1', 'after 1', 'stage 2', 'after 2', 'stage 3']);

		const stopped: number[] = [];
		let alive = true;
		await inStages(
			3,
			(stage) => {
				stopped.push(stage);
				alive = stage < 2;
			},
			() => alive
		);
		expect(stopped).toEqual([1, 2]);
	});
});
