import { describe, expect, it } from 'vitest';
import { audienceFor, canSee, keyRealmFor } from './compromise';
import {
	bootstrapCrossSigning,
	crossSigningKey,
	oneTimeKeys,
	path,
	twoInARoom,
	world,
	type QueryBody,
	type TestDevice
} from './test-support';

/**
 * You (victim) and Bob (target) share a DM; Carol is a third party in it. The attacker registers a shadow device
 * for each side: EVE_AS_BOB (claims to be Bob, talks to you) and EVE_AS_YOU (claims to be you, talks to Bob).
 */
function manInTheMiddle() {
	const w = world();
	const you = w.user('you', 'YOURPHONE');
	const bob = w.user('bob', 'BOBPHONE');
	const carol = w.user('carol', 'CAROLPHONE');
	const roomId = you.createRoom({ invite: [bob.userId, carol.userId] });
	bob.join(roomId);
	carol.join(roomId);
	for (const [d, name] of [
		[you, 'you'],
		[bob, 'bob'],
		[carol, 'carol']
	] as [TestDevice, string][]) {
		d.uploadDeviceKeys({ one_time_keys: oneTimeKeys(2, `${name}-`) });
		bootstrapCrossSigning(d, name);
	}
	const eveAsBob = w.shadow(bob.userId, 'EVE_AS_BOB');
	const eveAsYou = w.shadow(you.userId, 'EVE_AS_YOU');
	for (const [d, name] of [
		[eveAsBob, 'evebob'],
		[eveAsYou, 'eveyou']
	] as [TestDevice, string][]) {
		d.uploadDeviceKeys({ one_time_keys: oneTimeKeys(2, `${name}-`) });
		bootstrapCrossSigning(d, name);
	}
	w.hs.faults.compromise({ victim: you.userId, target: bob.userId });
	return { w, you, bob, carol, eveAsBob, eveAsYou, roomId };
}

const deviceIds = (res: QueryBody, userId: string) => Object.keys(res.device_keys[userId] ?? {});
const masterOf = (res: QueryBody, userId: string) => Object.values(res.master_keys[userId]?.keys ?? {})[0];

describe('compromise: /keys/query', () => {
	it('shows the victim the shadow of the target, and the target the shadow of the victim', () => {
		const { you, bob } = manInTheMiddle();
		const yourView = you.query(bob.userId);
		expect(deviceIds(yourView, bob.userId)).toEqual(['EVE_AS_BOB']);
		expect(masterOf(yourView, bob.userId)).toBe('evebob-master');
		const bobsView = bob.query(you.userId);
		expect(deviceIds(bobsView, you.userId)).toEqual(['EVE_AS_YOU']);
		expect(masterOf(bobsView, you.userId)).toBe('eveyou-master');
	});

	it('shows everyone else, and each side its own user, the real keys', () => {
		const { you, bob, carol } = manInTheMiddle();
		expect(deviceIds(carol.query(bob.userId), bob.userId)).toEqual(['BOBPHONE']);
		expect(masterOf(carol.query(you.userId), you.userId)).toBe('you-master');
		expect(deviceIds(you.query(you.userId), you.userId)).toEqual(['YOURPHONE']);
		expect(masterOf(bob.query(bob.userId), bob.userId)).toBe('bob-master');
	});

	it('shows a shadow device its own shadow identity, and the real keys of everyone else', () => {
		const { you, bob, eveAsBob } = manInTheMiddle();
		const own = eveAsBob.query(bob.userId);
		expect(deviceIds(own, bob.userId)).toEqual(['EVE_AS_BOB']);
		expect(masterOf(own, bob.userId)).toBe('evebob-master');
		expect(own.user_signing_keys[bob.userId]).toEqual(
			crossSigningKey(bob.userId, 'user_signing', 'evebob-usk')
		);
		expect(deviceIds(eveAsBob.query(you.userId), you.userId)).toEqual(['YOURPHONE']);
		expect(masterOf(eveAsBob.query(you.userId), you.userId)).toBe('you-master');
	});

	it('keeps shadow cross-signing keys apart: the real identity is untouched', () => {
		const { w, bob, carol } = manInTheMiddle();
		expect(masterOf(carol.query(bob.userId), bob.userId)).toBe('bob-master');
		expect(w.hs.serverView().users.find((u) => u.userId === bob.userId)!.crossSigning).toEqual({
			real: { master: 'bob-master', selfSigning: 'bob-ssk', userSigning: 'bob-usk' },
			shadow: { master: 'evebob-master', selfSigning: 'evebob-ssk', userSigning: 'evebob-usk' }
		});
	});

	it('hides shadow devices from GET /devices and the admin device list', () => {
		const { w, bob } = manInTheMiddle();
		expect(bob.ok('GET', '/devices')).toEqual({
			devices: [{ device_id: 'BOBPHONE', display_name: 'BOBPHONE' }]
		});
		expect(w.hs.devices(bob.userId).map((d) => d.deviceId)).toEqual(['BOBPHONE']);
	});

	it("keeps per-signer signatures per realm: the victim's signature on the shadow key is seen by the victim only", () => {
		const { you, bob, eveAsYou } = manInTheMiddle();
		const signed = crossSigningKey(bob.userId, 'master', 'evebob-master', {
			[you.userId]: { 'ed25519:you-usk': 'you-trust-evebob' }
		});
		expect(you.ok('POST', '/keys/signatures/upload', { [bob.userId]: { 'evebob-master': signed } })).toEqual({
			failures: {}
		});
		const yourView = you.query(bob.userId).master_keys[bob.userId]!;
		expect(yourView.signatures[you.userId]).toEqual({ 'ed25519:you-usk': 'you-trust-evebob' });
		// the attacker posing as you has its own signer map: it signs the real Bob
		const eveSigned = crossSigningKey(bob.userId, 'master', 'bob-master', {
			[you.userId]: { 'ed25519:eveyou-usk': 'eve-trust-bob' }
		});
		expect(
			eveAsYou.ok('POST', '/keys/signatures/upload', { [bob.userId]: { 'bob-master': eveSigned } })
		).toEqual({ failures: {} });
		expect(eveAsYou.query(bob.userId).master_keys[bob.userId]!.signatures[you.userId]).toEqual({
			'ed25519:eveyou-usk': 'eve-trust-bob'
		});
		expect(bob.query(bob.userId).master_keys[bob.userId]!.signatures[you.userId]).toBeUndefined();
		// the victim cannot sign the real key it is not shown
		const real = crossSigningKey(bob.userId, 'master', 'bob-master', {
			[you.userId]: { 'ed25519:you-usk': 'x' }
		});
		expect(
			you.ok('POST', '/keys/signatures/upload', { [bob.userId]: { 'bob-master': real } }).failures
		).toMatchObject({
			[bob.userId]: { 'bob-master': { errcode: 'M_NOT_FOUND' } }
		});
	});
});

describe('compromise: /keys/claim', () => {
	it("claims the shadow device's keys for the victim and target, the real ones for others", () => {
		const { you, bob, carol } = manInTheMiddle();
		const claim = (d: TestDevice, deviceId: string) =>
			d.ok('POST', '/keys/claim', { one_time_keys: { [bob.userId]: { [deviceId]: 'signed_curve25519' } } })
				.one_time_keys;
		expect(claim(you, 'EVE_AS_BOB')).toEqual({
			[bob.userId]: { EVE_AS_BOB: { 'signed_curve25519:evebob-0': { key: 'evebob-0-pub', signatures: {} } } }
		});
		expect(claim(you, 'BOBPHONE')).toEqual({});
		expect(claim(carol, 'BOBPHONE')).toEqual({
			[bob.userId]: { BOBPHONE: { 'signed_curve25519:bob-0': { key: 'bob-0-pub', signatures: {} } } }
		});
		expect(claim(carol, 'EVE_AS_BOB')).toEqual({});
	});
});

describe('compromise: to-device', () => {
	const send = (from: TestDevice, to: string, deviceId: string, content: Record<string, unknown>) =>
		from.ok('PUT', path`/sendToDevice/m.test/${`t${Math.random()}`}`, {
			messages: { [to]: { [deviceId]: content } }
		});
	const inbox = (d: TestDevice) => d.sync().to_device.events.map((e) => ({ sender: e.sender, ...e.content }));

	it('routes the victim\'s messages for the target to the shadow devices, by id, "*" or shadow id', () => {
		const { you, bob, eveAsBob } = manInTheMiddle();
		send(you, bob.userId, 'BOBPHONE', { n: 1 });
		send(you, bob.userId, '*', { n: 2 });
		send(you, bob.userId, 'EVE_AS_BOB', { n: 3 });
		expect(inbox(bob)).toEqual([]);
		expect(inbox(eveAsBob)).toEqual([
			{ sender: you.userId, n: 1 },
			{ sender: you.userId, n: 2 },
			{ sender: you.userId, n: 3 }
		]);
	});

	it("symmetrically routes the target's messages for the victim to the victim's shadow", () => {
		const { you, bob, eveAsYou } = manInTheMiddle();
		send(bob, you.userId, '*', { n: 1 });
		expect(inbox(you)).toEqual([]);
		expect(inbox(eveAsYou)).toEqual([{ sender: bob.userId, n: 1 }]);
	});

	it('delivers messages from shadow devices to the real devices, sent as their user', () => {
		const { you, bob, eveAsBob, eveAsYou } = manInTheMiddle();
		send(eveAsBob, you.userId, 'YOURPHONE', { from: 'eve as bob' });
		send(eveAsYou, bob.userId, '*', { from: 'eve as you' });
		expect(inbox(you)).toEqual([{ sender: bob.userId, from: 'eve as bob' }]);
		expect(inbox(bob)).toEqual([{ sender: you.userId, from: 'eve as you' }]);
	});

	it('leaves third parties alone', () => {
		const { you, bob, carol, eveAsBob } = manInTheMiddle();
		send(carol, bob.userId, '*', { n: 1 });
		send(you, carol.userId, '*', { n: 2 });
		expect(inbox(bob)).toEqual([{ sender: carol.userId, n: 1 }]);
		expect(inbox(carol)).toEqual([{ sender: you.userId, n: 2 }]);
		expect(inbox(eveAsBob)).toEqual([]);
	});
});

describe('compromise: room events', () => {
	const bodies = (d: TestDevice, roomId: string) =>
		d
			.sync()
			.rooms.join[roomId]?.timeline.events.flatMap((e) =>
				typeof e.content.body === 'string' ? [e.content.body] : []
			) ?? [];

	it('splits what victim and target see; third parties see the real messages only', () => {
		const { w, you, bob, carol, eveAsBob, eveAsYou, roomId } = manInTheMiddle();
		const yourLaptop = w.device(you.userId, 'YOURLAPTOP');
		you.send(roomId, { body: 'from you' });
		bob.send(roomId, { body: 'from bob' });
		eveAsBob.send(roomId, { body: 'eve as bob' });
		eveAsYou.send(roomId, { body: 'eve as you' });
		carol.send(roomId, { body: 'from carol' });
		expect(bodies(you, roomId)).toEqual(['from you', 'eve as bob', 'from carol']);
		expect(bodies(yourLaptop, roomId)).toEqual(['from you', 'eve as bob', 'from carol']);
		expect(bodies(bob, roomId)).toEqual(['from bob', 'eve as you', 'from carol']);
		expect(bodies(carol, roomId)).toEqual(['from you', 'from bob', 'from carol']);
		const everything = ['from you', 'from bob', 'eve as bob', 'eve as you', 'from carol'];
		expect(bodies(eveAsBob, roomId)).toEqual(everything);
		expect(bodies(eveAsYou, roomId)).toEqual(everything);
	});

	it('keeps state events visible to everyone', () => {
		const { you, bob, roomId } = manInTheMiddle();
		you.ok('PUT', path`/rooms/${roomId}/state/m.room.topic`, { topic: 'shared' });
		const topics = (d: TestDevice) =>
			d.sync().rooms.join[roomId]!.timeline.events.filter((e) => e.type === 'm.room.topic');
		expect(topics(bob)).toHaveLength(1);
		expect(topics(you)).toHaveLength(1);
	});

	it('does not touch messages sent before the compromise, or rooms without both users', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		alice.send(roomId, { body: 'before' });
		const aliceOnly = alice.createRoom({ preset: 'public_chat' });
		w.hs.faults.compromise({ victim: alice.userId, target: bob.userId });
		alice.send(roomId, { body: 'during' });
		alice.send(aliceOnly, { body: 'alone' });
		bob.join(aliceOnly);
		expect(bodies(bob, roomId)).toEqual(['before']);
		expect(bodies(bob, aliceOnly)).toEqual(['alone']);
	});

	it("lets shadow devices sync as members of their user's rooms", () => {
		const { eveAsBob, roomId } = manInTheMiddle();
		const sync = eveAsBob.sync();
		expect(Object.keys(sync.rooms.join)).toEqual([roomId]);
		expect(eveAsBob.ok('GET', path`/rooms/${roomId}/joined_members`)).toHaveProperty('joined');
	});

	it('records the split audience in the server view', () => {
		const { w, you, roomId } = manInTheMiddle();
		you.send(roomId, { body: 'from you' });
		const stored = w.hs.serverView().rooms[0]!.events.at(-1)!;
		expect(stored.audience).toEqual({ kind: 'hiddenFromRealDevicesOf', userId: '@bob:sim.local' });
	});
});

describe('compromise: start and heal', () => {
	it('reports victim and target to each other as changed when it starts and when it ends', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		const carol = w.user('carol');
		const [a0, b0, c0] = [alice, bob, carol].map((d) => d.sync().next_batch);
		w.hs.faults.compromise({ victim: alice.userId, target: bob.userId });
		expect(w.hs.faults.activeCompromise).toEqual({ victim: alice.userId, target: bob.userId });
		const [a1, b1, c1] = [
			[alice, a0],
			[bob, b0],
			[carol, c0]
		].map(([d, s]) => (d as TestDevice).sync(s as string));
		expect(a1!.device_lists.changed).toEqual([bob.userId]);
		expect(b1!.device_lists.changed).toEqual([alice.userId]);
		expect(c1!.device_lists.changed).toEqual([]);
		w.hs.faults.heal();
		expect(w.hs.faults.activeCompromise).toBeUndefined();
		expect(alice.sync(a1!.next_batch).device_lists.changed).toEqual([bob.userId]);
	});

	it('after heal everyone sees real keys and messages again', () => {
		const { w, you, bob, eveAsBob, roomId } = manInTheMiddle();
		w.hs.faults.heal();
		expect(deviceIds(you.query(bob.userId), bob.userId)).toEqual(['BOBPHONE']);
		you.ok('PUT', path`/sendToDevice/m.test/healed`, { messages: { [bob.userId]: { '*': { ok: 1 } } } });
		expect(bob.sync().to_device.events).toHaveLength(1);
		expect(eveAsBob.sync().to_device.events).toHaveLength(0);
		you.send(roomId, { body: 'healed' });
		expect(bob.sync().rooms.join[roomId]!.timeline.events.at(-1)!.content).toEqual({ body: 'healed' });
	});

	it('refuses unknown users and a user compromised against themselves', () => {
		const w = world();
		const alice = w.user('alice');
		expect(() => w.hs.faults.compromise({ victim: alice.userId, target: '@ghost:sim.local' })).toThrow();
		expect(() => w.hs.faults.compromise({ victim: alice.userId, target: alice.userId })).toThrow();
	});

	it('loginShadow needs an existing user and a new shadow device id', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		expect(() => w.hs.loginShadow('@ghost:sim.local', 'X')).toThrow();
		// a shadow device may reuse a real device id (the attacker imitates it)
		w.hs.loginShadow(alice.userId, 'PHONE');
		expect(() => w.hs.loginShadow(alice.userId, 'PHONE')).toThrow();
	});
});

describe('compromise rules as pure functions', () => {
	const c = { victim: '@v:s', target: '@t:s' };
	it('keyRealmFor', () => {
		expect(keyRealmFor(c, { userId: '@v:s', realm: 'real' }, '@t:s')).toBe('shadow');
		expect(keyRealmFor(c, { userId: '@t:s', realm: 'real' }, '@v:s')).toBe('shadow');
		expect(keyRealmFor(c, { userId: '@v:s', realm: 'real' }, '@x:s')).toBe('real');
		expect(keyRealmFor(c, { userId: '@x:s', realm: 'real' }, '@t:s')).toBe('real');
		expect(keyRealmFor(c, { userId: '@t:s', realm: 'shadow' }, '@t:s')).toBe('shadow');
		expect(keyRealmFor(c, { userId: '@t:s', realm: 'shadow' }, '@v:s')).toBe('real');
		expect(keyRealmFor(undefined, { userId: '@v:s', realm: 'real' }, '@t:s')).toBe('real');
	});
	it('audienceFor and canSee', () => {
		const both = new Set(['@v:s', '@t:s', '@x:s']);
		expect(audienceFor(c, { userId: '@v:s', realm: 'real' }, new Set(['@v:s']))).toBeUndefined();
		expect(audienceFor(c, { userId: '@x:s', realm: 'real' }, both)).toBeUndefined();
		const shadowOfTarget = audienceFor(c, { userId: '@t:s', realm: 'shadow' }, both);
		expect(canSee(shadowOfTarget, { userId: '@v:s', realm: 'real' })).toBe(true);
		expect(canSee(shadowOfTarget, { userId: '@t:s', realm: 'real' })).toBe(false);
		expect(canSee(shadowOfTarget, { userId: '@x:s', realm: 'real' })).toBe(false);
		expect(canSee(shadowOfTarget, { userId: '@v:s', realm: 'shadow' })).toBe(true);
	});
});
