import { describe, expect, it } from 'vitest';
import { initAsync, OlmMachine } from '@matrix-org/matrix-sdk-crypto-wasm';
import {
	afterForgotKey,
	confirmsRecoveryKey,
	IMPORT_MAX_BYTES,
	importFailure,
	importFormProblem,
	keyStorageOn,
	recoveryPanel,
	recoverySteps,
	setupToast2026,
	type SetupToastInput
} from './settings-2026';

type Device = NonNullable<SetupToastInput['device']>;
type Backup = Device['backup'];
type CrossSigning = Device['crossSigning'];

const allKeys: CrossSigning = {
	hasMaster: true,
	hasSelfSigning: true,
	hasUserSigning: true,
	deviceVerified: true
};
const noKeys: CrossSigning = {
	hasMaster: false,
	hasSelfSigning: false,
	hasUserSigning: false,
	deviceVerified: true
};
const ready: Backup = {
	exists: true,
	enabled: true,
	hasKey: true,
	keysTotal: 3,
	keysBackedUp: 3,
	recovery: true,
	keyStorageOff: false
};
const nothing: Backup = {
	exists: false,
	enabled: false,
	hasKey: false,
	keysTotal: 3,
	keysBackedUp: 0,
	recovery: false,
	keyStorageOff: false
};

function device(
	backup: Partial<Backup> = {},
	crossSigning: Partial<CrossSigning> = {},
	hasIdentity = true
): Device {
	return {
		crossSigning: { ...allKeys, ...crossSigning },
		backup: { ...ready, ...backup },
		own: {
			userId: '@me:sim.local',
			hasIdentity,
			verified: true,
			wasVerified: false,
			needsApproval: false,
			devices: []
		}
	};
}

const toast = (d: Device | undefined, over: Partial<SetupToastInput> = {}) =>
	setupToast2026({ device: d, dismissed: new Set(), verifyLater: false, ...over });

describe('setupToast2026', () => {
	it('shows nothing when all is set up, without a device, or before the account has an identity', () => {
		expect(toast(device())).toBeUndefined();
		expect(toast(undefined)).toBeUndefined();
		expect(toast(device(nothing, { deviceVerified: false }, false))).toBeUndefined();
	});

	it('"Back up your chats" when there is no recovery key (and no key storage), until dismissed', () => {
		expect(toast(device(nothing))).toBe('backUpChats');
		expect(toast(device({ recovery: false }))).toBe('backUpChats');
		expect(toast(device(nothing), { dismissed: new Set(['backUpChats']) })).toBeUndefined();
	});

	it('nothing when key storage was switched off on purpose; "Turn on key storage" when it is missing otherwise', () => {
		expect(toast(device({ ...nothing, keyStorageOff: true }))).toBeUndefined();
		expect(toast(device({ ...nothing, recovery: true }))).toBe('turnOnKeyStorage');
	});

	it('"Your key storage is out of sync." when this device lacks the storage key or the cross-signing keys', () => {
		expect(toast(device({ hasKey: false, enabled: false }))).toBe('outOfSync');
		expect(toast(device({}, noKeys))).toBe('outOfSync');
		expect(toast(device({ ...nothing }, noKeys))).toBe('identityNeedsReset');
		expect(toast(device({ hasKey: false }), { dismissed: new Set(['outOfSync']) })).toBeUndefined();
	});

	it('an unverified device gets "Verify this device" only once its confirm screen was put off', () => {
		const unverified = device(nothing, { deviceVerified: false });
		expect(toast(unverified)).toBeUndefined();
		expect(toast(unverified, { verifyLater: true })).toBe('verifyThisDevice');
	});
});

describe('the Encryption tab', () => {
	it('offers "Get recovery key", then "Change recovery key", or the out-of-sync fix', () => {
		expect(recoveryPanel(device(nothing))).toBe('getKey');
		expect(recoveryPanel(device())).toBe('changeKey');
		expect(recoveryPanel(device({ hasKey: false }))).toBe('outOfSync');
	});

	it('"Allow key storage" is on when the server has key storage and this device uses it', () => {
		expect(keyStorageOn(device())).toBe(true);
		expect(keyStorageOn(device(nothing))).toBe(false);
		expect(keyStorageOn(device({ enabled: false, hasKey: false }))).toBe(false);
	});

	it('"Forgot recovery key?" makes a new key while the device holds its identity, else it resets', () => {
		expect(afterForgotKey(device({ hasKey: false }))).toEqual({ kind: 'recovery', change: true });
		expect(afterForgotKey(device({}, noKeys))).toEqual({ kind: 'reset', reason: 'forgot' });
	});

	it('getting a key explains first; changing it shows the new key at once; both end by typing it', () => {
		expect(recoverySteps(false)).toEqual(['intro', 'save', 'confirm']);
		expect(recoverySteps(true)).toEqual(['save', 'confirm']);
	});

	it('confirms the key typed or pasted with other spacing, and nothing else', () => {
		const shown = 'EsTj 3yST y93F SLpB jJsz eAXc 2XzA ygD3 w69H fGaN TKBj jXEd';
		expect(confirmsRecoveryKey(shown, shown)).toBe(true);
		expect(confirmsRecoveryKey(shown.replace(/ /g, ''), shown)).toBe(true);
		expect(confirmsRecoveryKey(`  ${shown.replace(/ /g, '\n')} `, shown)).toBe(true);
		expect(confirmsRecoveryKey(shown.toLowerCase(), shown)).toBe(false);
		expect(confirmsRecoveryKey(shown.slice(0, -1) + 'e', shown)).toBe(false);
		expect(confirmsRecoveryKey('', '')).toBe(false);
	});
});

describe('"Import keys": what keeps it from running, and the library refusals in words', () => {
	const exported = '-----BEGIN MEGOLM SESSION DATA-----\nAQ…\n-----END MEGOLM SESSION DATA-----\n';

	it('needs a chosen file that can be a key export, and a passphrase', () => {
		expect(importFormProblem(undefined, 'pw')).toBe('no-file');
		expect(importFormProblem({ size: 12, text: 'shopping list' }, 'pw')).toBe('not-key-export');
		expect(importFormProblem({ size: IMPORT_MAX_BYTES + 1, text: '' }, 'pw')).toBe('not-key-export');
		expect(importFormProblem({ size: exported.length, text: exported }, '')).toBe('empty');
		expect(importFormProblem({ size: exported.length, text: `\n${exported}` }, 'pw')).toBeUndefined();
	});

	it('names the real crypto library’s refusals: a wrong passphrase, a file that is no whole key export', async () => {
		await initAsync();
		const refusal = (file: string, passphrase: string) => {
			try {
				OlmMachine.decryptExportedRoomKeys(file, passphrase);
				return undefined;
			} catch (e) {
				return importFailure(e instanceof Error ? e.message : String(e));
			}
		};
		const file = OlmMachine.encryptExportedRoomKeys('[]', 'correct horse', 1000);
		expect(refusal(file, 'correct horse')).toBeUndefined();
		expect(refusal(file, 'wrong horse')).toBe('wrong-passphrase');
		expect(refusal('shopping list', 'correct horse')).toBe('not-key-export');
		const lines = file.trim().split('\n');
		const [header, first = ''] = lines;
		const truncated = [header, first.slice(0, 8), lines.at(-1)].join('\n');
		expect(refusal(truncated, 'correct horse')).toBe('not-key-export');
		expect(importFailure('Network is down')).toBeUndefined();
	});
});
