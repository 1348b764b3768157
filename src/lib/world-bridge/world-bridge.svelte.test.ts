import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../world/protocol';
import type { WorldSnapshot } from '../world/world';
import { WorldBridge } from './world-bridge.svelte';

/**
 * The worker's side of the transport only (no world behind it): it answers a set-up, then sends whatever snapshots
 * the test gives it, each as the structured copy a real worker's message is.
 */
class Transport {
	onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	onmessageerror: (() => void) | null = null;
	first: unknown;
	postMessage(msg: ToWorker) {
		if (msg.kind !== 'setup') return;
		queueMicrotask(() => {
			this.deliver({ kind: 'reply', id: msg.id, result: { ok: true, value: { outcome: 'fresh' } } });
			this.deliver({ kind: 'snapshot', snapshot: this.first as WorldSnapshot });
		});
	}
	deliver(msg: FromWorker) {
		this.onmessage?.({ data: structuredClone(msg) } as MessageEvent<FromWorker>);
	}
	terminate() {}
}

const snapshotOf = (phase: string) =>
	({
		devices: [
			{
				userId: '@me:sim',
				deviceId: 'PHONE',
				rooms: [{ roomId: '!dm', members: [{ userId: '@bob:sim' }], timeline: [{ body: 'hi' }] }],
				verifications: [{ flowId: 'f1', phase }]
			}
		],
		users: [{ userId: '@bob:sim', displayName: 'Bob' }]
	}) as unknown as WorldSnapshot;

describe('WorldBridge snapshots', () => {
	it('keeps what did not change from one world message to the next (the page re-renders only the rest)', async () => {
		const transport = new Transport();
		transport.first = snapshotOf('requested');
		const bridge = new WorldBridge(() => transport as unknown as Worker);
		const started = bridge.start({} as never, []);
		transport.deliver({ kind: 'ready', initMs: 1 });
		expect((await started).ok).toBe(true);
		const first = bridge.snapshot!;
		expect(first).toEqual(snapshotOf('requested'));

		// The same world again (a fresh copy): nothing new at all.
		transport.deliver({ kind: 'snapshot', snapshot: snapshotOf('requested') });
		expect(bridge.snapshot).toBe(first);

		// Only the verification moved on: the rooms and the people are the very same objects.
		transport.deliver({ kind: 'snapshot', snapshot: snapshotOf('started') });
		const next = bridge.snapshot!;
		expect(next.devices[0]!.verifications[0]!.phase).toBe('started');
		expect(next).not.toBe(first);
		expect(next.devices[0]!.rooms).toBe(first.devices[0]!.rooms);
		expect(next.users).toBe(first.users);
		bridge.destroy();
	});
});
