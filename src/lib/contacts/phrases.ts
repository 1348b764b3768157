/**
 * Everything the contacts say, in English and German. Control labels are quoted as Element shows them
 * (reference/element-e2ee.md); the rest is the contacts' own voice. A phrase may have variants: the contact picks
 * one by a stable hash of what it answers, so the same message always gets the same answer.
 */
import { fnv1a } from '../fnv1a';
import type { Intent } from './understand';

export type Locale = 'en' | 'de';
export const LOCALES: readonly Locale[] = ['en', 'de'];

export type Vars = Record<string, string | number>;

type Texts = Record<Locale, readonly string[]>;

const phrases = {
	// --- Anyone in a call ----------------------------------------------------------------------------------
	'call.hello': {
		en: ['Hi, {name} here. What’s up?'],
		de: ['Hallo, hier ist {name}. Was gibt’s?']
	},
	'call.readEmoji': {
		en: ['Hi, it’s {name} — let’s compare. On my screen I see: {emoji}.'],
		de: ['Hallo, hier ist {name} – lass uns vergleichen. Auf meinem Bildschirm sehe ich: {emoji}.']
	},
	'call.readAgain': {
		en: ['Once more, slowly: {emoji}.'],
		de: ['Noch einmal, langsam: {emoji}.']
	},
	/**
	 * Asked "do they match?": the contact cannot see the learner's screen, so it never says yes or no. It reads out
	 * its own emoji once more and leaves the decision to the learner.
	 */
	'call.compareYours': {
		en: [
			'I can’t see your screen, so you decide. Mine are, in this order: {emoji}. If all seven are the same as yours, press “They match”; if even one is different, press “They don’t match”.'
		],
		de: [
			'Deinen Bildschirm sehe ich nicht, also entscheidest du. Meine sind, in dieser Reihenfolge: {emoji}. Sind alle sieben dieselben wie bei dir, drücke „Sie passen zueinander“; ist auch nur eines anders, drücke „Sie passen nicht zueinander“.'
		]
	},
	'call.noEmoji': {
		en: ['I don’t see any emoji right now. Start a verification in our chat and choose “Verify by emoji”.'],
		de: [
			'Ich sehe gerade keine Emojis. Starte in unserem Chat eine Verifizierung und wähle „Mit Emojis verifizieren“.'
		]
	},
	'call.waitingForYou': {
		en: ['I’ll press “They match” as soon as you have.'],
		de: ['Ich drücke auf „Sie passen zueinander“, sobald du es getan hast.']
	},
	/** Only what the contact's own screen says: it cannot know what the learner's shows. */
	'call.verified': {
		en: ['My screen says the verification is complete. Thanks, talk soon!'],
		de: ['Auf meinem Bildschirm ist die Verifizierung abgeschlossen. Danke, bis bald!']
	},
	'call.mismatch': {
		en: ['You pressed “They don’t match”? Then we’d better not trust this. Let’s look into it.'],
		de: [
			'Du hast „Sie passen nicht zueinander“ gedrückt? Dann vertrauen wir dem lieber nicht. Schauen wir nach.'
		]
	},
	'call.thanks': { en: ['You’re welcome!'], de: ['Gern geschehen!'] },
	'call.other': {
		en: ['Sorry, the line is bad — what did you say?', 'Hm? I didn’t quite get that.'],
		de: [
			'Entschuldige, die Verbindung ist schlecht – was hast du gesagt?',
			'Hm? Das habe ich nicht ganz verstanden.'
		]
	},

	// --- Chat lines shared by the people who verify with the learner ---------------------------------------
	'chat.howToVerify': {
		en: ['Sure! Open my profile (room info → People → {name}), press “Verify” and I’ll accept.'],
		de: [
			'Klar! Öffne mein Profil (Rauminfo → Personen → {name}), drücke auf „Verifizieren“, und ich nehme an.'
		]
	},
	'chat.verified': {
		en: ['Done. My app now shows you as verified.'],
		de: ['Erledigt. Meine App zeigt dich jetzt als verifiziert an.']
	},
	/** Asked to verify by someone the contact's own device already trusts: doing it again changes nothing. */
	'chat.alreadyVerified': {
		en: [
			'My app already shows you as verified, so verifying again would change nothing. If a shield on your side is red, look in “People” whose session is new: only its owner can verify it.'
		],
		de: [
			'Meine App zeigt dich schon als verifiziert an, noch einmal verifizieren würde nichts ändern. Wenn bei dir ein Schild rot ist, schau unter „Personen“, wessen Sitzung neu ist: Nur die Person, der sie gehört, kann sie verifizieren.'
		]
	},
	'chat.mismatch': {
		en: [
			'Hm, you pressed “They don’t match”? Strange… Maybe we misread one. Shall we try again? Start a new verification from my profile.'
		],
		de: [
			'Hm, du hast „Sie passen nicht zueinander“ gedrückt? Seltsam … Vielleicht haben wir uns verlesen. Noch mal? Starte eine neue Verifizierung in meinem Profil.'
		]
	},
	'chat.timeout': {
		en: ['Looks like the verification timed out. No problem — start it again when you’re ready.'],
		de: [
			'Sieht so aus, als wäre die Verifizierung abgelaufen. Kein Problem – starte sie einfach noch einmal.'
		]
	},
	'chat.cancelled': {
		en: ['Okay, verification cancelled. We can do it another time.'],
		de: ['Okay, Verifizierung abgebrochen. Wir können das ein andermal machen.']
	},
	'chat.thanks': { en: ['You’re welcome!'], de: ['Gern!'] },
	'chat.noTablet': {
		en: ['Tablet? I only use this one device.'],
		de: ['Tablet? Ich nutze nur dieses eine Gerät.']
	},
	'chat.noReset': {
		en: ['Reset? No, I haven’t changed anything.'],
		de: ['Zurückgesetzt? Nein, ich habe nichts verändert.']
	},
	'chat.canRead': {
		en: ['Yes, I can read our chat just fine.'],
		de: ['Ja, ich kann unseren Chat ganz normal lesen.']
	},
	'chat.emojiInCall': {
		en: ['Let’s compare the emoji on the phone — I’ll read mine to you in the call.'],
		de: ['Lass uns die Emojis am Telefon vergleichen – ich lese dir meine im Anruf vor.']
	},

	// --- Bob ---------------------------------------------------------------------------------------------
	'bob.greet': {
		en: ['Hi! Good to hear from you.', 'Hey! How are things?'],
		de: ['Hi! Schön, von dir zu hören.', 'Hey! Wie läuft’s?']
	},
	'bob.other': {
		en: ['Ha, nice.', 'Sounds good to me!', 'Sorry, I’m a bit lost — is this about verifying?'],
		de: ['Ha, schön.', 'Klingt gut!', 'Sorry, da komme ich nicht ganz mit – geht es ums Verifizieren?']
	},

	'bob.scanning': {
		en: ['Sure — I’m pointing my phone at your screen now.'],
		de: ['Klar – ich halte mein Handy jetzt vor deinen Bildschirm.']
	},
	/** Bob's own client shows the banner after the learner reset their digital identity (red: he had verified them). */
	'bob.sawResetVerified': {
		en: [
			'Hm, my Element just put a red banner above the message box: your digital identity was reset, with a button “Withdraw verification”. Was that really you — or is someone else using your account?'
		],
		de: [
			'Hm, mein Element zeigt über dem Eingabefeld plötzlich ein rotes Banner: Deine digitale Identität wurde zurückgesetzt, mit dem Knopf „Verifizierung zurückziehen“. Warst du das wirklich – oder benutzt jemand anders dein Konto?'
		]
	},
	'bob.sawReset': {
		en: ['My Element shows a banner above the message box: your digital identity was reset. Was that you?'],
		de: [
			'Mein Element zeigt über dem Eingabefeld ein Banner: Deine digitale Identität wurde zurückgesetzt. Warst du das?'
		]
	},
	'bob.letsVerifyAgain': {
		en: [
			'OK, good that it was you. Then let’s verify again, so my Element knows the new keys are really yours: start it from my profile with “Verify User”, and I’ll read you my emoji in a call.'
		],
		de: [
			'Okay, gut, dass du es warst. Dann lass uns neu verifizieren, damit mein Element weiß, dass die neuen Schlüssel wirklich deine sind: Starte es in meinem Profil mit „Nutzer verifizieren“, und ich lese dir im Anruf meine Emojis vor.'
		]
	},
	'bob.noCode': {
		en: ['Which code? I don’t see one on your screen yet. Start a verification from my profile first.'],
		de: [
			'Welchen Code? Auf deinem Bildschirm sehe ich noch keinen. Starte zuerst eine Verifizierung aus meinem Profil.'
		]
	},
	'bob.qrScanned': {
		en: ['Scanned your code. My phone shows a green shield with a tick. Do you see the same?'],
		de: ['Deinen Code gescannt. Mein Handy zeigt ein grünes Schild mit Haken. Siehst du dasselbe?']
	},

	// --- Carol -------------------------------------------------------------------------------------------
	'carol.busy': {
		en: ['Hi! Sorry, crazy day — I’m running between meetings. What’s up?'],
		de: ['Hi! Sorry, verrückter Tag – ich hetze von Meeting zu Meeting. Was gibt’s?']
	},
	'carol.declined': {
		en: ['Sorry, not now — I’m in a meeting. Write me when you have a moment?'],
		de: ['Sorry, gerade nicht – ich sitze in einem Meeting. Schreib mir, wenn du kurz Zeit hast?']
	},
	'carol.missed': {
		en: ['Oh, did you want to verify? I missed your request, sorry! Send it again — I’m here now.'],
		de: [
			'Oh, wolltest du uns verifizieren? Deine Anfrage habe ich verpasst, sorry! Schick sie noch mal – jetzt bin ich da.'
		]
	},
	'carol.nowIsFine': {
		en: ['Now is fine. Send me a request from my profile and I’ll accept it.'],
		de: ['Jetzt passt es. Schick mir eine Anfrage aus meinem Profil, dann nehme ich sie an.']
	},
	'carol.other': {
		en: ['Mhm. Give me a minute.', 'Sorry, I’m only half here today.'],
		de: ['Mhm. Gib mir eine Minute.', 'Sorry, ich bin heute nur halb bei der Sache.']
	},

	// --- Dave --------------------------------------------------------------------------------------------
	'dave.newTablet': {
		en: ['I got a new tablet and signed in on it — I’m writing this on the sofa.'],
		de: ['Ich habe ein neues Tablet und mich darauf angemeldet – das hier schreibe ich schon auf dem Sofa.']
	},
	'dave.onIt': {
		en: ['Oh, right — I never verified it. Doing it now with my phone, one moment.'],
		de: ['Ach ja – das habe ich noch gar nicht verifiziert. Mache ich jetzt mit meinem Handy, einen Moment.']
	},
	'dave.tabletVerified': {
		en: ['Done! I compared the emoji on my phone and my tablet. Is your shield green again?'],
		de: ['Erledigt! Ich habe die Emojis auf Handy und Tablet verglichen. Ist dein Schild wieder grün?']
	},
	'dave.selfFailed': {
		en: ['Hm, that didn’t work out. Ask me again and I’ll give it another go.'],
		de: ['Hm, das hat nicht geklappt. Frag mich noch mal, dann versuche ich es erneut.']
	},
	'dave.alreadyVerified': {
		en: ['We already verified each other — the new thing is my tablet.'],
		de: ['Wir haben uns doch schon verifiziert – neu ist nur mein Tablet.']
	},
	'dave.greet': {
		en: ['Hey!'],
		de: ['Hey!']
	},
	'dave.other': {
		en: ['Cool.', 'Haha, true.'],
		de: ['Cool.', 'Haha, stimmt.']
	},

	// --- Erin --------------------------------------------------------------------------------------------
	'erin.iReset': {
		en: [
			'Bad news: my phone was stolen and I had no copy of my Security Key, so I had to set up encryption from scratch. You’ll probably see a warning about me — sorry!'
		],
		de: [
			'Schlechte Nachricht: Mein Handy wurde gestohlen, und meinen Sicherheitsschlüssel hatte ich nirgends notiert – also musste ich die Verschlüsselung neu einrichten. Du siehst jetzt bestimmt eine Warnung zu mir – sorry!'
		]
	},
	'erin.yesReally': {
		en: [
			'Yes, that was really me. Let’s verify again, so you know the new keys are mine — start it from my profile.'
		],
		de: [
			'Ja, das war wirklich ich. Lass uns noch mal verifizieren, damit du weißt, dass die neuen Schlüssel meine sind – starte es in meinem Profil.'
		]
	},
	'erin.greet': { en: ['Hi there!'], de: ['Hallo!'] },
	'erin.other': {
		en: ['Oh, interesting!', 'Right, right.'],
		de: ['Oh, interessant!', 'Genau, genau.']
	},

	// --- The latecomer -----------------------------------------------------------------------------------
	'latecomer.helloUnreadable': {
		en: [
			'Hi everyone, I’m new here! The {count} messages from before I joined show “Unable to decrypt” for me.'
		],
		de: [
			'Hallo zusammen, ich bin neu hier! Die {count} Nachrichten von vor meinem Beitritt kann ich nicht entschlüsseln.'
		]
	},
	'latecomer.hello': {
		en: ['Hi everyone, I’m new here!'],
		de: ['Hallo zusammen, ich bin neu hier!']
	},
	'latecomer.cannotRead': {
		en: [
			'No — {count} messages from before I joined are “Unable to decrypt” for me. Their keys were only shared with the people who were in the room back then.'
		],
		de: [
			'Nein – {count} Nachrichten von vor meinem Beitritt kann ich nicht entschlüsseln. Ihre Schlüssel wurden nur mit denen geteilt, die damals schon im Raum waren.'
		]
	},
	'latecomer.canRead': {
		en: ['Yes, I can read everything that was written since I joined.'],
		de: ['Ja, alles, was seit meinem Beitritt geschrieben wurde, kann ich lesen.']
	},
	'latecomer.other': {
		en: ['Nice to meet you all!', 'I’m still finding my way around here.'],
		de: ['Schön, euch kennenzulernen!', 'Ich finde mich hier noch zurecht.']
	},

	// --- The crowd ---------------------------------------------------------------------------------------
	'crowd.roomName': { en: ['Town hall'], de: ['Bürgerforum'] },
	'crowd.chatter': {
		en: [
			'Has anyone seen the agenda for Thursday?',
			'Coffee at three, anyone?',
			'The slides are in the shared folder.',
			'Welcome to all the new people!',
			'Can someone remind me when the deadline is?',
			'Great meeting today, thanks everyone.',
			'I’ll be ten minutes late tomorrow.',
			'Does anyone have the link to the survey?'
		],
		de: [
			'Hat jemand die Tagesordnung für Donnerstag gesehen?',
			'Kaffee um drei, jemand?',
			'Die Folien liegen im gemeinsamen Ordner.',
			'Willkommen an alle Neuen!',
			'Kann mich jemand an die Frist erinnern?',
			'Tolles Treffen heute, danke euch allen.',
			'Ich komme morgen zehn Minuten später.',
			'Hat jemand den Link zur Umfrage?'
		]
	},
	'crowd.answer': {
		en: ['Hi!', 'Welcome!', 'Hello from the back row!', 'Good to have you here.'],
		de: ['Hi!', 'Willkommen!', 'Hallo aus der letzten Reihe!', 'Schön, dass du da bist.']
	},
	'crowd.creating': {
		en: ['Creating {total} people with their own devices and keys'],
		de: ['{total} Personen mit eigenen Geräten und Schlüsseln werden angelegt']
	},
	'crowd.joining': {
		en: ['Everyone joins the room'],
		de: ['Alle treten dem Raum bei']
	},

	// --- What the learner can say (suggested replies) ------------------------------------------------------
	'suggest.greet': { en: ['Hi {name}!'], de: ['Hallo {name}!'] },
	'suggest.askVerify': {
		en: ['Can we verify each other?'],
		de: ['Können wir uns gegenseitig verifizieren?']
	},
	'suggest.verifyTablet': {
		en: ['Please verify your new tablet.'],
		de: ['Bitte verifiziere dein neues Tablet.']
	},
	'suggest.didReset': { en: ['Did you reset your account?'], de: ['Hast du dein Konto zurückgesetzt?'] },
	/** The learner's answer to a contact who saw their reset (understood as `didReset`, like the question). */
	'suggest.iReset': {
		en: ['Yes, that was me: I reset my digital identity.'],
		de: ['Ja, das war ich: Ich habe meine digitale Identität zurückgesetzt.']
	},
	'suggest.canRead': {
		en: ['Can you read the earlier messages?'],
		de: ['Kannst du die früheren Nachrichten lesen?']
	},
	'suggest.compareEmoji': {
		en: ['Do your emoji match mine?'],
		de: ['Stimmen deine Emojis mit meinen überein?']
	},
	'suggest.scanQr': { en: ['Please scan my QR code.'], de: ['Scanne bitte meinen QR-Code.'] },
	'suggest.readEmoji': { en: ['Which emoji do you see?'], de: ['Welche Emojis siehst du?'] },
	'suggest.thanks': { en: ['Thanks!'], de: ['Danke!'] },
	'suggest.other': { en: ['How are you?'], de: ['Wie geht’s?'] },
	'suggest.hello': { en: ['Hello everyone!'], de: ['Hallo zusammen!'] }
} satisfies Record<string, Texts>;

export type PhraseKey = keyof typeof phrases;

/** The contacts' devices, named in the world's language as people name them in their settings. */
const DEVICE_NAMES: Record<'phone' | 'tablet', Record<Locale, string>> = {
	phone: { en: 'Phone', de: 'Handy' },
	tablet: { en: 'Tablet', de: 'Tablet' }
};

export function deviceName(locale: Locale, kind: 'phone' | 'tablet'): string {
	return DEVICE_NAMES[kind][locale];
}

export function phraseKeys(): PhraseKey[] {
	return Object.keys(phrases) as PhraseKey[];
}

/** A small stable hash, to pick a variant deterministically. */
export const stableHash = fnv1a;

/** The number of variants a phrase has (the same in both languages). */
export function variantCount(key: PhraseKey): number {
	return phrases[key].en.length;
}

/** A phrase in a language, with `{name}`-style placeholders filled in. `variant` picks among variants. */
export function phrase(locale: Locale, key: PhraseKey, vars: Vars = {}, variant = 0): string {
	const texts: readonly string[] = phrases[key][locale];
	const text = texts[Math.abs(variant) % texts.length]!;
	return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The canonical sentence for an intent: what the composer offers as a suggested reply. */
export function suggestion(locale: Locale, intent: Intent, vars: Vars = {}): string {
	return phrase(locale, `suggest.${intent}` as PhraseKey, vars);
}
