/**
 * SCORM 1.2 through the platform's `API` object (found in a parent frame or the opener by `@gamestdio/scorm`, the
 * pipwerks wrapper): LMSInitialize, the learner's state in `cmi.suspend_data`, `cmi.core.lesson_status` and
 * `cmi.core.score.*`, and on leaving `cmi.core.session_time`, `cmi.core.exit` and LMSFinish.
 */
import { scorm } from '@gamestdio/scorm';
import type { LmsSink } from './sink';
import {
	decodeState,
	encodeState,
	SUSPEND_DATA_LIMIT,
	type CourseResult,
	type LmsState,
	type LmsStatus
} from './state';

/** SCORM 1.2's CMITimespan: `HHHH:MM:SS.SS`. */
export function scormTimespan(ms: number): string {
	const hundredths = Math.max(0, Math.round(ms / 10));
	const h = Math.min(9999, Math.floor(hundredths / 360_000));
	const m = Math.floor((hundredths % 360_000) / 6000);
	const s = (hundredths % 6000) / 100;
	const pad = (n: number, width: number) => String(n).padStart(width, '0');
	return `${pad(h, 4)}:${pad(m, 2)}:${s.toFixed(2).padStart(5, '0')}`;
}

const FINAL: readonly LmsStatus[] = ['completed', 'passed', 'failed'];

export class Scorm12Sink implements LmsSink {
	#active = false;
	#started = 0;
	#status: string | undefined;
	#mastery: number | undefined;

	get mastery(): number | undefined {
		return this.#mastery;
	}

	async start(): Promise<LmsState | undefined> {
		// Only the version: the wrapper's other options switch on whenever they are given at all.
		scorm.configure({ version: '1.2' });
		let found = false;
		try {
			found = scorm.initialize();
		} catch {
			// A frame of another origin above us: no platform we may talk to.
		}
		if (!found) return undefined;
		this.#active = true;
		this.#started = Date.now();
		this.#status = scorm.get('cmi.core.lesson_status');
		if (!this.#status || this.#status === 'not attempted') this.#setStatus('incomplete');
		const mastery = Number.parseFloat(scorm.get('cmi.student_data.mastery_score'));
		if (Number.isFinite(mastery) && mastery >= 0 && mastery <= 100) this.#mastery = mastery;
		scorm.commit();
		return decodeState(scorm.get('cmi.suspend_data'));
	}

	report(state: LmsState, result: CourseResult): void {
		if (!this.#active) return;
		const data = encodeState(state);
		if (data.length <= SUSPEND_DATA_LIMIT) scorm.set('cmi.suspend_data', data);
		if (result.score !== undefined) {
			scorm.set('cmi.core.score.min', '0');
			scorm.set('cmi.core.score.max', '100');
			scorm.set('cmi.core.score.raw', String(result.score));
		}
		// Once completed, never incomplete again (a learner who switches Element versions meets new lessons).
		if (!(result.status === 'incomplete' && FINAL.includes(this.#status as LmsStatus)))
			this.#setStatus(result.status);
		scorm.commit();
	}

	finish(): void {
		if (!this.#active) return;
		this.#active = false;
		scorm.set('cmi.core.session_time', scormTimespan(Date.now() - this.#started));
		// Suspend keeps the attempt open, so that the learner comes back to their state.
		scorm.set('cmi.core.exit', this.#status === 'incomplete' ? 'suspend' : '');
		scorm.commit();
		scorm.terminate();
	}

	#setStatus(status: LmsStatus): void {
		if (status === this.#status) return;
		this.#status = status;
		scorm.set('cmi.core.lesson_status', status);
	}
}
