/**
 * Bob against a real world, on a simulated clock: the whole script, and every branch (he starts the emoji himself,
 * the learner presses "They don't match", the flow times out, the learner cancels).
 */
import { describe, expect, it, vi } from 'vitest';
import { flowOn, openDm } from '../world/flows';
import { World } from '../world/world';
import { pacedDelay } from './persona';
import { phrase } from './phrases';
import {
	compareEmoji,
	DELAYS,
	personaWorld,
	requestAndWaitForAccept,
	verifiedContact,
	verifyByEmoji,
	withContact,
	type PersonaWorld
} from './test-support';

let pw: PersonaWorld;

describe('Bob at a faster pace (the browser tests run at a quarter)', () => {
	it('accepts in a quarter of the time, but types at his own pace and waits the whole START_DELAY', async () => {
		pw = await personaWorld(0.25);
		const { persona, device: bob, dm } = await withContact(pw, 'bob');
		const { world, you } = pw;
		expect(pacedDelay('ACCEPT_DELAY', 0.25)).toBe(DELAYS.ACCEPT_DELAY / 4);
		expect(pacedDelay('TYPING', 0.25)).toBe(DELAYS.TYPING);
		expect(pacedDelay('START_DELAY', 0.25)).toBe(DELAYS.START_DELAY);

		await you.sendText(dm, 'Hi Bob, can we verify each other?');
		await world.tick();
		await pw.advance(DELAYS.TYPING - 1);
		expect(pw.chat(dm).at(-1)?.from).toBe(you.userId);
		await pw.advance(1);
		expect(pw.chat(dm).at(-1)?.from).toBe(bob.userId);

		const flowId = await you.requestVerification(bob.userId);
		await world.tick();
		await pw.advance(DELAYS.ACCEPT_DELAY / 4);
		expect(flowOn(you, flowId).phase).toBe('ready');
		// He leaves the learner their whole time to choose "Verify by emoji" before starting it himself.
		await pw.advance(DELAYS.START_DELAY - 1);
		expect(pw.state(persona)).not.toBe('startingEmoji');
		expect(flowOn(you, flowId).sas).toBeUndefined();
	});
});

describe('Bob, cooperative', () => {
	it('answers in the chat, accepts after a moment, reads his emoji in the call, confirms after the learner and says so', async () => {
		pw = await personaWorld();
		const { persona, device: bob, dm } = await withContact(pw, 'bob');
		const { world, you } = pw;

		// The chat: he understands "can we verify?" and answers after typing.
		await you.sendText(dm, 'Hi Bob, can we verify each other?');
		await world.tick();
		expect(pw.chat(dm).map((m) => m.from)).toEqual([you.userId]);
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({
			from: bob.userId,
			body: phrase('en', 'chat.howToVerify', { name: 'Bob' })
		});

		const flowId = await compareEmoji(pw, persona);
		expect(pw.state(persona)).toBe('comparing');
		const mine = pw.emoji(flowId)!;
		expect(mine).toHaveLength(7);

		// In the call he reads the emoji on *his* screen (the same, with an honest server).
		const snap = await world.snapshot([you.userId]);
		const call = snap.calls.find((c) => c.contactUserId === bob.userId)!;
		expect(call).toMatchObject({ contactName: 'Bob', flowId, emojiIndex: mine });
		expect(call.lines.at(-1)).toContain('On my screen I see');
		expect(snap.suggestions.find((s) => s.roomId === dm)?.replies ?? []).toEqual([]);
		// Asked whether they match, he reads his own again and leaves the verdict to the learner.
		world.sayInCall(bob.userId, 'Do your emoji match mine?');
		const said = (await world.snapshot([])).calls[0]!.lines.at(-1)!;
		expect(said).toContain('you decide');
		expect(said).not.toMatch(/same as mine|exactly the same|go ahead/i);

		// He waits for the learner's "They match", then presses his own a moment later.
		await pw.advance(DELAYS.CONFIRM_DELAY * 3);
		expect(pw.state(persona)).toBe('comparing');
		await you.confirmSas(flowId);
		await world.tick();
		expect(pw.state(persona)).toBe('aboutToConfirm');
		await pw.advance(DELAYS.CONFIRM_DELAY);
		expect(pw.state(persona)).toBe('verified');
		expect(flowOn(you, flowId).phase).toBe('done');
		await world.tick();
		expect(await pw.verified(bob.userId)).toBe(true);
		expect((await world.trust(you, dm)).room.shield).toBe('verified');
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'chat.verified') });
		expect(world.contacts.errors).toEqual([]);
	});

	it('after "Hang up" the call stays as ended, silent, until the learner calls again (he reads his emoji again)', async () => {
		pw = await personaWorld();
		const { persona, device: bob } = await withContact(pw, 'bob');
		const flowId = await compareEmoji(pw, persona);
		const callOf = async () =>
			(await pw.world.snapshot([])).calls.find((c) => c.contactUserId === bob.userId);
		expect((await callOf())?.emojiIndex).toEqual(pw.emoji(flowId));

		pw.world.endCall(bob.userId);
		expect((await callOf())?.ended).toBe(true);
		// "Call Bob" while comparing: he reads his emoji again.
		pw.world.startCall(bob.userId);
		await pw.world.tick();
		expect(await callOf()).toMatchObject({ emojiIndex: pw.emoji(flowId) });
		expect((await callOf())?.lines.at(-1)).toContain('On my screen I see');
		pw.world.endCall(bob.userId);
		expect(await callOf()).toEqual({
			contactUserId: bob.userId,
			contactName: 'Bob',
			lines: [],
			ended: true,
			replies: []
		});
		// What he would say in the call goes nowhere while nobody is on the line.
		await pw.you.confirmSas(flowId);
		await pw.world.tick();
		await pw.advance(DELAYS.CONFIRM_DELAY);
		expect(pw.state(persona)).toBe('verified');
		expect((await callOf())?.lines).toEqual([]);

		// "Call Bob" on the ended call: he is back on the line.
		pw.world.startCall(bob.userId);
		await pw.world.tick();
		const again = await callOf();
		expect(again?.ended).toBeUndefined();
		expect(again?.lines.length).toBeGreaterThan(0);
	});

	it('once his own device has verified the learner, asked to verify again he says it is done (and would change nothing)', async () => {
		const contact = await verifiedContact('bob');
		pw = contact.pw;
		const { persona, device: bob, dm } = contact;
		const { world, you } = pw;
		await pw.advance(DELAYS.TYPING);
		// His own client is what he reads: it shows the learner as verified.
		expect((await bob.userTrust([you.userId]))[0]!.verified).toBe(true);
		await you.sendText(dm, 'Can we verify each other?');
		await world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'chat.alreadyVerified') });
		expect(pw.state(persona)).toBe('verified');
		expect(world.contacts.errors).toEqual([]);
	});

	it('starts the emoji himself when the learner does not, and speaks German when the world does', async () => {
		pw = await personaWorld();
		const { persona, device: bob, dm } = await withContact(pw, 'bob');
		pw.world.setLocale('de');
		const flowId = await requestAndWaitForAccept(pw, persona);
		await pw.advance(DELAYS.START_DELAY);
		expect(pw.state(persona)).toBe('comparing');
		// He pressed "Verify by emoji": the start event in the DM is his.
		const start = pw.you.roomView(dm)!.timeline.find((t) => t.type === 'm.key.verification.start');
		expect(start?.sender).toBe(bob.userId);
		expect(pw.emoji(flowId)).toEqual(flowOn(bob, flowId).sas?.emojiIndex);
		const call = (await pw.world.snapshot([])).calls[0]!;
		expect(call.lines.at(-1)).toContain('Auf meinem Bildschirm sehe ich');
		expect(call.replies).toEqual(['Welche Emojis siehst du?', 'Stimmen deine Emojis mit meinen überein?']);
		await pw.you.sendText(dm, 'Danke!');
		await pw.world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('de', 'chat.thanks'));
	});

	it('is puzzled by "They don\'t match" and suggests trying again; a second try verifies', async () => {
		pw = await personaWorld();
		const { persona, device: bob, dm } = await withContact(pw, 'bob');
		const flowId = await compareEmoji(pw, persona);
		await pw.you.mismatchSas(flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('mismatched');
		expect(flowOn(bob, flowId).cancel?.code).toBe('m.mismatched_sas');
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'chat.mismatch') });
		expect(await pw.verified(bob.userId)).toBe(false);

		await verifyByEmoji(pw, persona);
		expect(await pw.verified(bob.userId)).toBe(true);
	});

	it('says so when the emoji comparison times out (60 s without a step, on the real clock)', async () => {
		pw = await personaWorld();
		const { persona, device: bob, dm } = await withContact(pw, 'bob');
		const flowId = await compareEmoji(pw, persona);
		expect(pw.state(persona)).toBe('comparing');
		// The crypto reads the real clock: move it on by 61 s while the learner "reads".
		const realNow = Date.now.bind(Date);
		const realPerf = performance.now.bind(performance);
		vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
		vi.spyOn(performance, 'now').mockImplementation(() => realPerf() + 61_000);
		await pw.world.tick();
		expect(flowOn(bob, flowId).cancel?.code).toBe('m.timeout');
		expect(pw.state(persona)).toBe('cancelled');
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'chat.timeout'));
	});

	it('takes it calmly when the learner cancels before he accepted', async () => {
		pw = await personaWorld();
		const { persona, dm } = await withContact(pw, 'bob');
		const flowId = await pw.you.requestVerification(persona.record.userId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('requestReceived');
		await pw.you.cancelVerification(flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('cancelled');
		await pw.advance(DELAYS.ACCEPT_DELAY);
		expect(pw.state(persona)).toBe('cancelled');
		expect(pw.chat(dm).at(-1)?.body).toBe(phrase('en', 'chat.cancelled'));
	});

	it('keeps his human delays on the real clock too (as in the browser, without a simulated one)', async () => {
		const world = await World.create();
		try {
			const you = await world.addUser('you');
			const bob = world.device((await world.addContact('bob')).record.userId);
			const dm = await openDm(world, you, bob);
			await you.sendText(dm, 'Thanks!');
			const t0 = Date.now();
			const answered = () =>
				you.roomView(dm)!.timeline.some((t) => t.sender === bob.userId && t.type === 'm.room.message');
			while (!answered() && Date.now() - t0 < 5_000) {
				await world.tick();
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			expect(answered()).toBe(true);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(DELAYS.TYPING - 50);
		} finally {
			world.close();
		}
	});
});

describe('Bob who scans QR codes (the QR lesson)', () => {
	async function withScanningBob() {
		pw = await personaWorld();
		const persona = await pw.world.addContact({ kind: 'bob', options: { scansQr: true } });
		const bob = pw.world.device(persona.record.userId);
		const dm = await pw.you.startDm(bob.userId);
		await pw.world.tick();
		const flowId = await requestAndWaitForAccept(pw, persona);
		return { persona, bob, dm, flowId };
	}

	it('waits for the learner instead of starting the emoji, scans the code shown to him, and is verified after "Yes"', async () => {
		const { persona, bob, dm, flowId } = await withScanningBob();
		await pw.advance(DELAYS.START_DELAY * 2);
		expect(pw.state(persona)).toBe('ready');

		// The learner's screen shows the code (as the verification panel does once the request is ready): he waits
		// to be asked, however long it takes.
		const payload = await pw.world.showQrCode(pw.you, flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('codeShown');
		await pw.advance(DELAYS.SCAN_DELAY * 10);
		expect(pw.state(persona)).toBe('codeShown');
		expect(flowOn(pw.you, flowId).qr?.state).not.toBe('scanned');
		// "Please scan my QR code."
		await pw.you.sendText(dm, phrase('en', 'suggest.scanQr'));
		await pw.world.tick();
		expect(pw.state(persona)).toBe('aboutToScan');
		await pw.advance(DELAYS.SCAN_DELAY);
		expect(pw.state(persona)).toBe('qrScanned');
		expect(flowOn(pw.you, flowId).qr?.state).toBe('scanned');
		expect((await pw.world.snapshot([pw.you.userId])).devices[0]!.verifications[0]!.qrPayload).toEqual(
			payload
		);
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'bob.qrScanned') });

		// "Is Bob showing the same shield?" → "Yes".
		await pw.you.confirmQrScanned(flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('verifiedByQr');
		expect(flowOn(pw.you, flowId).phase).toBe('done');
		expect(await pw.verified(bob.userId)).toBe(true);
		expect((await bob.userTrust([pw.you.userId]))[0]!.verified).toBe(true);
		expect(pw.world.contacts.errors).toEqual([]);
	});

	it('takes "No" calmly, and scans the code of a new verification', async () => {
		const { persona, bob, dm, flowId } = await withScanningBob();
		await pw.world.showQrCode(pw.you, flowId);
		await pw.world.tick();
		await pw.you.sendText(dm, 'Scan my code please');
		await pw.world.tick();
		await pw.advance(DELAYS.SCAN_DELAY);
		expect(pw.state(persona)).toBe('qrScanned');
		await pw.you.cancelVerification(flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('cancelled');
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'chat.cancelled') });
		expect(await pw.verified(bob.userId)).toBe(false);

		const again = await requestAndWaitForAccept(pw, persona);
		await pw.world.showQrCode(pw.you, again);
		await pw.world.tick();
		await pw.you.sendText(dm, 'Scan my code please');
		await pw.world.tick();
		await pw.advance(DELAYS.SCAN_DELAY);
		expect(flowOn(pw.you, again).qr?.state).toBe('scanned');
		await pw.you.confirmQrScanned(again);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('verifiedByQr');
		expect(await pw.verified(bob.userId)).toBe(true);
	});

	it('compares emoji when the learner presses "Verify by emoji" instead', async () => {
		const { persona, flowId } = await withScanningBob();
		await pw.you.startSas(flowId);
		await pw.world.tick();
		expect(pw.state(persona)).toBe('comparing');
	});
});

describe('Bob when the learner resets their digital identity', () => {
	it('sees the red banner in his own client, asks about it, and once told it was them verifies them again', async () => {
		const { pw: w, persona, device: bob, dm } = await verifiedContact('bob');
		pw = w;
		const { world, you } = pw;
		const seen = () => world.contacts.contactList('en').find((c) => c.persona === 'bob')!.seesLearner;
		expect(seen()).toEqual({ verified: true, wasVerified: false, needsApproval: false });

		await you.resetIdentity();
		await world.tick();
		// His client's crypto sees the change: the red banner ("Withdraw verification"), and he asks after typing.
		expect(seen()).toMatchObject({ verified: false, wasVerified: true });
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'bob.sawResetVerified') });
		expect(world.contacts.suggestionList('en').find((s) => s.roomId === dm)?.replies).toContain(
			phrase('en', 'suggest.iReset')
		);

		await you.sendText(dm, phrase('en', 'suggest.iReset'));
		await world.tick();
		await pw.advance(DELAYS.TYPING);
		expect(pw.chat(dm).at(-1)).toEqual({ from: bob.userId, body: phrase('en', 'bob.letsVerifyAgain') });

		await verifyByEmoji(pw, persona);
		expect(seen()).toMatchObject({ verified: true, wasVerified: false });
		expect(world.contacts.suggestionList('en').find((s) => s.roomId === dm)?.replies).not.toContain(
			phrase('en', 'suggest.iReset')
		);
		expect(await pw.verified(bob.userId)).toBe(true);
		expect(world.contacts.errors).toEqual([]);
	});
});
