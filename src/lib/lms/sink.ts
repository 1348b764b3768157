import type { CourseResult, LmsState } from './state';

/** A learning platform's end of the progress stream: SCORM 1.2 or cmi5. */
export interface LmsSink {
	/**
	 * Opens the session with the platform and reads what it kept for the learner; undefined when there is no platform
	 * to talk to (the package opened on its own): the course then runs on the browser's save alone.
	 */
	start(): Promise<LmsState | undefined>;
	/** The platform's mastery score in percent, where it sets one (it wins over the package's). */
	readonly mastery: number | undefined;
	/** Keeps the state and tells the status and score. */
	report(state: LmsState, result: CourseResult): void;
	/** Where the platform wants the learner to go when they finish, if it said. */
	readonly returnUrl?: string;
	/** Ends the session (the learner leaves); resolves when the platform was told. */
	finish(): void | Promise<void>;
}
