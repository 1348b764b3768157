/** Something the learner can fix: a wrong Security Key, no backup, … `reason` is stable for the UI to translate. */
export class DeviceActionError extends Error {
	constructor(
		readonly reason:
			| 'no-backup'
			| 'wrong-key'
			| 'invalid-key'
			| 'no-identity'
			| 'not-found'
			| 'not-allowed'
			| 'not-ready'
			| 'unverified-device',
		message: string
	) {
		super(message);
		this.name = 'DeviceActionError';
	}
}
