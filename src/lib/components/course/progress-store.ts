/** The course progress in this browser's localStorage (see lessons/progress.ts for the format and its checks). */
import {
	emptyProgress,
	loadProgress,
	saveProgress,
	type Progress,
	type ProgressNotice
} from '$lib/lessons/progress';

function storage(): Storage | undefined {
	try {
		return typeof localStorage === 'undefined' ? undefined : localStorage;
	} catch {
		return undefined;
	}
}

export function readProgress(): { progress: Progress; notice?: ProgressNotice } {
	const store = storage();
	return store ? loadProgress(store) : { progress: emptyProgress() };
}

export function writeProgress(progress: Progress): void {
	const store = storage();
	if (store) saveProgress(store, progress);
}
