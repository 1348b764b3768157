import { describe, expect, it } from 'vitest';
import { keepUnchanged } from './keep-unchanged';

interface Room {
	roomId: string;
	name: string;
	timeline: { body: string }[];
	trust: { members: Record<string, string> };
}

const world = () => ({
	devices: [
		{
			deviceId: 'A',
			rooms: [
				{ roomId: '!1', name: 'Bob', timeline: [{ body: 'hi' }], trust: { members: { bob: 'verified' } } },
				{ roomId: '!2', name: 'Team', timeline: [], trust: { members: {} } }
			] as Room[],
			verifications: [] as { flowId: string; phase: string; emoji?: number[] }[]
		}
	],
	users: [{ userId: 'bob', displayName: 'Bob' }]
});

describe('keepUnchanged', () => {
	it('gives back the previous snapshot itself when a fresh copy of it arrives', () => {
		const prev = world();
		expect(keepUnchanged(prev, structuredClone(prev))).toBe(prev);
	});

	it('makes only the changed path new and keeps every other part of the previous snapshot', () => {
		const prev = world();
		const next = world();
		next.devices[0]!.verifications.push({ flowId: 'f', phase: 'started', emoji: [1, 2] });
		const out = keepUnchanged(prev, next);
		expect(out).toEqual(next);
		expect(out).not.toBe(prev);
		expect(out.devices[0]).not.toBe(prev.devices[0]);
		expect(out.devices[0]!.verifications).not.toBe(prev.devices[0]!.verifications);
		expect(out.devices[0]!.rooms).toBe(prev.devices[0]!.rooms);
		expect(out.users).toBe(prev.users);
	});

	it('sees a changed value deep inside, an added or removed key and a longer or shorter list', () => {
		const prev = world();
		const deep = world();
		deep.devices[0]!.rooms[0]!.trust.members.bob = 'red';
		const out = keepUnchanged(prev, deep);
		expect(out.devices[0]!.rooms[0]!.trust.members.bob).toBe('red');
		expect(out.devices[0]!.rooms[1]).toBe(prev.devices[0]!.rooms[1]);
		expect(out.devices[0]!.rooms[0]!.timeline).toBe(prev.devices[0]!.rooms[0]!.timeline);

		const added = world() as ReturnType<typeof world> & { extra?: number };
		added.extra = 1;
		expect(keepUnchanged(prev, added)).toEqual(added);
		const removed: Partial<ReturnType<typeof world>> = world();
		delete removed.users;
		expect(keepUnchanged(prev, removed as ReturnType<typeof world>)).toEqual(removed);
		// A key present with `undefined` is not the same as no key.
		expect(keepUnchanged({ a: undefined } as { a?: number; b?: number }, { b: undefined })).toEqual({
			b: undefined
		});

		const longer = world();
		longer.devices[0]!.rooms[0]!.timeline.push({ body: 'again' });
		const outLonger = keepUnchanged(prev, longer);
		expect(outLonger.devices[0]!.rooms[0]!.timeline).toEqual([{ body: 'hi' }, { body: 'again' }]);
		expect(outLonger.devices[0]!.rooms[0]!.timeline[0]).toBe(prev.devices[0]!.rooms[0]!.timeline[0]);
		const shorter = world();
		shorter.devices[0]!.rooms.pop();
		expect(keepUnchanged(prev, shorter).devices[0]!.rooms).toEqual(shorter.devices[0]!.rooms);
	});

	it('takes anything but plain objects and arrays from the new snapshot', () => {
		const bytes = new Uint8Array([1, 2]);
		const out = keepUnchanged({ qr: bytes, at: 1 }, { qr: new Uint8Array([1, 2]), at: 1 });
		expect(out.qr).not.toBe(bytes);
		expect(keepUnchanged({ n: NaN }, { n: NaN }).n).toBeNaN();
		expect(keepUnchanged<unknown>({ a: 1 }, [1])).toEqual([1]);
		expect(keepUnchanged<unknown>(undefined, { a: 1 })).toEqual({ a: 1 });
	});
});
