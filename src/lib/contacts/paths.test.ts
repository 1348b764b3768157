/**
 * Every simple path of every persona machine (xstate/graph), each one run: a real actor on a simulated clock is
 * driven through the path's events (time passing for `after` steps), with a recording host standing in for the
 * world. After each step the actor must be in the path's state, each step's awaited work must have been asked of
 * the host with the right flow, and what the persona said along the way must exist in English and German.
 * (The persona tests run the same machines against a real world.)
 */
import { describe, expect, it } from 'vitest';
import {
	createActor,
	getNextSnapshot,
	SimulatedClock,
	type AnyEventObject,
	type AnyMachineSnapshot,
	type AnyStateMachine
} from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { PERSONAS, type PersonaSpec } from './catalog';
import { DELAYS, type DelayName } from './persona';
import { phrase, type PhraseKey, type Vars } from './phrases';
import type { ContactHost, DeviceRole, PersonaKind } from './types';
import { INTENTS, type Intent } from './understand';

const LEARNER = '@you:sim.local';
const ROOM = '!dm:sim.local';
const F1 = '$flow1';
const F2 = '$flow2';

interface Call {
	method: string;
	args: unknown[];
}

/** Records what the persona asks of the world; awaited steps never finish by themselves (the path says when). */
class RecordingHost implements ContactHost {
	readonly calls: Call[] = [];
	/** What went wrong, collected (one assertion per machine keeps thousands of paths fast). */
	readonly failures: string[] = [];
	readonly userId = '@persona:sim.local';
	readonly displayName = 'Persona';
	readonly learnerId = LEARNER;
	readonly locale = 'en' as const;
	readonly pace = 1;
	private record(method: string, ...args: unknown[]) {
		this.calls.push({ method, args });
	}
	private pending<T>(method: string, ...args: unknown[]): Promise<T> {
		this.record(method, ...args);
		return new Promise<T>(() => undefined);
	}
	/** A line must exist in both languages, with every placeholder filled. */
	private checkPhrase(key: PhraseKey, vars: Vars, variant = 0) {
		for (const locale of ['en', 'de'] as const) {
			const text = phrase(locale, key, vars, variant);
			if (!text || /\{\w+\}/.test(text)) this.failures.push(`${key} in ${locale}: ${JSON.stringify(text)}`);
		}
	}
	say: ContactHost['say'] = (roomId, key, vars = {}, variant, ifLearnerVerified) => {
		for (const k of ifLearnerVerified ? [key, ifLearnerVerified] : [key])
			this.checkPhrase(k, { name: 'X', count: 1, emoji: 'E', total: 1, ...vars }, variant);
		this.record('say', key, roomId);
	};
	relay(role: DeviceRole, roomId: string, body: string) {
		this.record('relay', role, roomId, body);
	}
	join = (roomId: string, role?: DeviceRole) => this.pending<void>('join', roomId, role);
	acceptVerification = (flowId: string, role?: DeviceRole) =>
		this.pending<void>('acceptVerification', flowId, role);
	cancelVerification = (flowId: string, role?: DeviceRole) =>
		this.pending<void>('cancelVerification', flowId, role);
	mismatchSas = (flowId: string, role?: DeviceRole) => this.pending<void>('mismatchSas', flowId, role);
	startSas = (flowId: string, role?: DeviceRole) => this.pending<void>('startSas', flowId, role);
	confirmSas = (flowId: string, role?: DeviceRole) => this.pending<void>('confirmSas', flowId, role);
	scanQrCode = (flowId: string, payload: number[], role?: DeviceRole) =>
		this.pending<void>('scanQrCode', flowId, role, payload);
	requestVerification = (userId: string, role?: DeviceRole) =>
		this.pending<string>('requestVerification', userId, role);
	requestSelfVerification = (role: DeviceRole) => this.pending<string>('requestSelfVerification', role);
	addDevice = (role: DeviceRole, deviceId: string) => this.pending<void>('addDevice', role, deviceId);
	resetIdentity = () => this.pending<void>('resetIdentity');
	createCrowd = (size: number) => this.pending<string>('createCrowd', size);
	undecryptable = () => 2;
	callSay(key: PhraseKey, vars: Vars = {}, variant = 0) {
		this.checkPhrase(key, { name: 'X', emoji: 'E', ...vars }, variant);
		this.record('callSay', key);
	}
	callShowEmoji(flowId: string, emojiIndex: number[]) {
		this.record('callShowEmoji', flowId, emojiIndex);
	}
	emojiNames = (emojiIndex: number[]) => emojiIndex.join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// The events a persona can observe, with the payloads its guards look at.

const EMOJI = [1, 2, 3, 4, 5, 6, 7];

const message = (intent: Intent, role: DeviceRole = 'phone', fromLearner = true) => ({
	type: 'MESSAGE',
	role,
	roomId: ROOM,
	sender: fromLearner ? LEARNER : '@bob:sim.local',
	body: `(${intent})`,
	intent,
	fromLearner,
	isDirect: true
});
const request = (role: DeviceRole, flowId: string, isSelf = false) => ({
	type: 'VERIFICATION_REQUESTED',
	role,
	flowId,
	otherUserId: LEARNER,
	fromLearner: !isSelf,
	isSelf,
	roomId: ROOM
});
const flowEvents = (role: DeviceRole, flowId: string) => [
	{ type: 'VERIFICATION_READY', role, flowId },
	{ type: 'EMOJI_SHOWN', role, flowId, emojiIndex: EMOJI },
	{ type: 'QR_SHOWN', role, flowId, payload: [77, 65, 84] },
	{ type: 'OTHER_CONFIRMED', role, flowId },
	{ type: 'VERIFICATION_DONE', role, flowId },
	...['m.mismatched_sas', 'm.timeout', 'm.user'].map((code) => ({
		type: 'VERIFICATION_CANCELLED',
		role,
		flowId,
		code,
		byUs: false
	}))
];

const learnerEvents = [
	{ type: 'CALL_STARTED' },
	{ type: 'CALL_SAID', text: 'same?', intent: 'compareEmoji' },
	{ type: 'CALL_SAID', text: 'which?', intent: 'readEmoji' },
	{ type: 'INVITE', role: 'phone', roomId: ROOM, inviter: LEARNER, isDirect: true },
	...(['newTablet', 'resetIdentity', 'join'] as const).map((nudge) => ({ type: 'NUDGE', nudge }))
];

const VARIANTS: Record<PersonaKind, AnyEventObject[]> = {
	bob: [],
	carol: [],
	dave: [
		request('phone', F2, true),
		...flowEvents('tablet', F2),
		...flowEvents('phone', F2),
		{ type: 'xstate.done.actor.requestSelf', output: F2 }
	],
	erin: [],
	latecomer: [],
	mitm: [
		request('asTarget', F1),
		...flowEvents('asTarget', F1),
		...flowEvents('asVictim', F2),
		message('other', 'asTarget'),
		message('other', 'asVictim', false),
		{ type: 'xstate.done.actor.openTargetLeg', output: F2 }
	],
	crowd: [{ type: 'xstate.done.actor.create', output: '!crowd:sim.local' }]
};

function eventsFor(kind: PersonaKind): AnyEventObject[] {
	const base: AnyEventObject[] = [...INTENTS.map((i) => message(i)), message('other', 'phone', false)];
	if (kind !== 'mitm' && kind !== 'crowd') base.push(request('phone', F1), ...flowEvents('phone', F1));
	// A verification event about some other flow must change nothing.
	base.push({ type: 'VERIFICATION_CANCELLED', role: 'phone', flowId: '$other', code: 'm.user', byUs: false });
	return [...base, ...learnerEvents, ...VARIANTS[kind]];
}

/**
 * Every event the active states listen to (from the list when it has payloads for that type, else bare), one per
 * outcome: events that lead to the same next state are one edge of the graph, not several parallel ones, and an
 * event that changes nothing is no edge at all.
 */
function eventsIn(kind: PersonaKind, machine: AnyStateMachine) {
	const all = eventsFor(kind);
	return (snapshot: AnyMachineSnapshot): AnyEventObject[] => {
		const types = new Set(snapshot._nodes.flatMap((n) => [...n.transitions.keys()]));
		const candidates = [...types].flatMap((type) => {
			const matching = all.filter((e) => e.type === type);
			return matching.length ? matching : [{ type }];
		});
		const here = serialize(snapshot);
		const outcomes = new Set<string>([here]);
		return candidates.filter((event) => {
			const next = serialize(getNextSnapshot(machine, snapshot, event));
			if (outcomes.has(next)) return false;
			outcomes.add(next);
			return true;
		});
	};
}

/** A state is its value and the context the guards read (the host left out). */
function serialize(snapshot: AnyMachineSnapshot): string {
	const c = snapshot.context as Record<string, unknown>;
	return JSON.stringify({
		value: snapshot.value,
		flowId: c.flowId,
		victimFlowId: c.victimFlowId,
		targetFlowId: c.targetFlowId,
		learnerWrote: c.learnerWrote,
		tabletSignedIn: c.tabletSignedIn,
		identityReset: c.identityReset,
		hasEmoji: !!c.emoji,
		hasQr: !!c.qrPayload
	});
}

/** What each awaited step must ask of the world. */
const INVOKED: Record<string, string> = {
	acceptRequest: 'acceptVerification',
	declineRequest: 'cancelVerification',
	startEmoji: 'startSas',
	confirmEmoji: 'confirmSas',
	scanQr: 'scanQrCode',
	confirmOwnDevices: 'confirmSas',
	addTablet: 'addDevice',
	requestSelfVerification: 'requestSelfVerification',
	resetIdentity: 'resetIdentity',
	joinRoom: 'join',
	openTargetLeg: 'requestVerification',
	createCrowd: 'createCrowd'
};

/** The chat lines entering a state must lead to (once the typing delay passed). */
const SAID_ON_ENTRY: Record<string, PhraseKey[]> = {
	verified: ['chat.verified'],
	verifiedByQr: ['chat.verified'],
	mismatched: ['chat.mismatch'],
	cancelled: ['chat.timeout', 'chat.cancelled'],
	declined: ['carol.declined'],
	tabletVerified: ['dave.tabletVerified'],
	selfVerificationFailed: ['dave.selfFailed'],
	reset: ['erin.iReset'],
	joined: ['latecomer.helloUnreadable', 'latecomer.hello'],
	qrScanned: ['bob.qrScanned']
};

/** The leaf state names of a state value ({ selfVerifying: 'comparing' } → comparing). */
function leaves(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	return Object.values(value as Record<string, unknown>).flatMap(leaves);
}

const FLOW_STEPS = ['acceptVerification', 'cancelVerification', 'startSas', 'confirmSas', 'scanQrCode'];

/** Runs one path on a fresh actor; returns the states it entered and what went wrong. */
function runPath(
	machine: AnyStateMachine,
	kind: PersonaKind,
	options: object,
	steps: { event: AnyEventObject; state: AnyMachineSnapshot }[]
): { entered: Set<string>; failures: string[] } {
	const host = new RecordingHost();
	const failures = host.failures;
	const clock = new SimulatedClock();
	const actor = createActor(machine, { input: { host, options }, clock });
	actor.subscribe({ error: (e) => failures.push(`actor error: ${String(e)}`) });
	actor.start();
	const entered = new Set<string>();
	const where = (i: number) => `${kind} ${steps.map((s) => s.event.type).join(' → ')} (step ${i})`;
	let previousSerial = '';
	for (const [i, step] of steps.entries()) {
		const before = i === 0 ? 0 : host.calls.length;
		const previous = actor.getSnapshot();
		if (i > 0) {
			const after = /^xstate\.after\.(\w+)\./.exec(step.event.type);
			// Time passes on the simulated clock: the machine's own timer must take the step.
			if (after) clock.increment(DELAYS[after[1] as DelayName]);
			else actor.send(step.event);
		}
		const now = actor.getSnapshot();
		const serial = serialize(now);
		if (serial !== serialize(step.state)) {
			failures.push(`${where(i)}: in ${serial}, the graph says ${serialize(step.state)}`);
			break;
		}
		if (serial === previousSerial) continue;
		previousSerial = serial;
		for (const leaf of leaves(now.value)) entered.add(leaf);
		// The awaited work of each state entered was asked of the world, about the flow the persona is busy with.
		const asked = host.calls.slice(before);
		const ctx = now.context as Record<string, unknown>;
		for (const node of now._nodes) {
			if (i > 0 && previous._nodes.includes(node)) continue;
			for (const invoke of node.invoke) {
				const method = INVOKED[invoke.src as string];
				const call = method ? asked.find((c) => c.method === method) : undefined;
				if (!call)
					failures.push(`${where(i)}: entering ${node.key} did not ask ${method ?? String(invoke.src)}`);
				else if (
					FLOW_STEPS.includes(method!) &&
					![ctx.flowId, ctx.victimFlowId, ctx.targetFlowId].includes(call.args[0])
				)
					failures.push(`${where(i)}: ${method} about ${String(call.args[0])}, not the current flow`);
			}
		}
		if (
			leaves(now.value).includes('comparing') &&
			ctx.emoji &&
			!host.calls.some((c) => c.method === 'callShowEmoji')
		)
			failures.push(`${where(i)}: compares without showing the emoji in the call`);
	}
	// Typing takes a moment: then every state the path entered has said what it says.
	clock.increment(DELAYS.TYPING);
	const said = new Set(host.calls.filter((c) => c.method === 'say').map((c) => c.args[0] as PhraseKey));
	for (const state of entered) {
		const expected = SAID_ON_ENTRY[state];
		if (expected && kind !== 'mitm' && !expected.some((k) => said.has(k)))
			failures.push(`${where(steps.length - 1)}: ${state} said none of ${expected.join(', ')}`);
	}
	actor.stop();
	return { entered, failures };
}

/** The leaf states of a machine. */
function leafStates(machine: AnyStateMachine): string[] {
	const out: string[] = [];
	const walk = (node: { key: string; states: Record<string, unknown> }) => {
		const children = Object.values(node.states) as (typeof node)[];
		if (children.length === 0) out.push(node.key);
		children.forEach(walk);
	};
	walk(machine.root as never);
	return out;
}

/** The options of each machine's runs: those that change its graph (Carol ignores or declines; Bob scans). */
const SPECS: { [K in PersonaKind]: PersonaSpec<K>[] } = {
	bob: [{ kind: 'bob' }, { kind: 'bob', options: { scansQr: true } }],
	carol: [
		{ kind: 'carol', options: { firstRequest: 'ignore' } },
		{ kind: 'carol', options: { firstRequest: 'decline' } }
	],
	dave: [{ kind: 'dave' }],
	erin: [{ kind: 'erin' }],
	latecomer: [{ kind: 'latecomer' }],
	mitm: [{ kind: 'mitm', options: { target: '@bob:sim.local' } }],
	crowd: [{ kind: 'crowd', options: { size: 3 } }]
};

describe('every simple path of every persona machine', () => {
	for (const kind of Object.keys(PERSONAS) as PersonaKind[]) {
		it(`${kind}: each path runs as the graph says`, () => {
			const machine = PERSONAS[kind].machine;
			const reached = new Set<string>();
			let count = 0;
			for (const { options = {} } of SPECS[kind]) {
				const paths = getSimplePaths(machine, {
					events: eventsIn(kind, machine) as never,
					serializeState: serialize as never,
					input: { host: new RecordingHost(), options }
				});
				count += paths.length;
				for (const path of paths) {
					const { entered, failures } = runPath(machine, kind, options, path.steps as never);
					expect(failures).toEqual([]);
					for (const s of entered) reached.add(s);
				}
			}
			expect(count).toBeGreaterThanOrEqual(3);
			// Together the paths reach every state of the machine.
			expect(leafStates(machine).filter((s) => !reached.has(s))).toEqual([]);
		});
	}
});
