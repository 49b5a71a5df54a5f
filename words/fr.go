package words

import (
	"fmt"

	"github.com/peerline/peerline/directory"
)

func french() *Catalogue {
	return &Catalogue{Lang: directory.French, Voice: frenchVoice(), Text: frenchText(), Facts: frenchFacts()}
}

func frenchVoice() Voice {
	return Voice{
		Welcome:      "Bonjour, ici la Ligne d'entraide, pour les groupes d'entraide.",
		FrenchChoice: "Pour le français, appuyez sur le 9.",
		Crisis:       "Si vous êtes en crise, appelez ou textez le 9 8 8. En cas d'urgence, composez le 9 1 1.",
		Keys:         "En tout temps, appuyez sur l'étoile pour réentendre les choix, ou sur le dièse pour le menu principal.",
		MenuFind:     "Pour trouver un groupe, appuyez sur le {key}.",
		MenuMine:     "Pour entendre ou arrêter vos rappels de réunion, appuyez sur le {key}.",
		MenuGuide:    "Pour savoir comment se passe un groupe d'entraide, appuyez sur le {key}.",
		MenuOperator: "Pour parler à quelqu'un, appuyez sur le {key}.",
		Guide: "Dans un groupe d'entraide, des personnes qui vivent la même situation se réunissent pour se soutenir. " +
			"Le groupe est animé par ses membres, et non par des professionnels. " +
			"Ce qui se dit dans le groupe reste dans le groupe. " +
			"Vous pouvez venir simplement pour écouter; personne n'est obligé de parler. " +
			"Un groupe d'entraide n'est pas un traitement et ne remplace pas votre médecin ou votre conseiller; bien des gens ont recours aux deux.",
		GuideAfter: "Pour trouver un groupe maintenant, appuyez sur le 1. Pour le menu principal, appuyez sur le dièse.",

		CategoryIntro:  "Quel est le sujet du groupe?",
		CategorySay:    "Dites le sujet du groupe, ou choisissez.",
		CategoryOption: "{name} : appuyez sur le {key}.",
		ConcernIntro:   "{name}.",
		ConcernOption:  "{name} : appuyez sur le {key}.",
		SpeechMissed:   "Désolée, je n'ai pas compris. Dites le sujet en quelques mots, comme deuil ou proche aidant, ou appuyez sur un chiffre.",
		Confirm:        "{concern}. Est-ce bien cela?",
		ConfirmOpts:    "Si oui, appuyez sur le 1. Sinon, appuyez sur le 2.",
		AreaAsk:        "Veuillez entrer l'indicatif régional à trois chiffres de la région où vous voulez un groupe.",
		AreaUnknown:    "Je ne connais pas l'indicatif {npa}. Veuillez entrer un indicatif régional canadien à trois chiffres.",
		HelpArea:       "Prenez votre temps. Entrez les trois chiffres de l'indicatif régional sur votre clavier, par exemple, 7 0 5. Appuyez sur l'étoile pour réentendre, ou sur le dièse pour le menu principal.",

		Found:            "J'ai trouvé {count} groupes sur le sujet {concern}, {where}.",
		FoundOne:         "J'ai trouvé un groupe sur le sujet {concern}, {where}.",
		NearTown:         "près de {town}",
		InArea:           "dans la région du {npa}",
		ResultHead:       "Groupe {n} : {name}.",
		InPerson:         "Il se réunit en personne à {town}.",
		InPersonAt:       "Il se réunit en personne à l'adresse suivante : {place}, à {town}.",
		Away:             "C'est à environ {km} kilomètres de chez vous.",
		ByPhone:          "Il se réunit par téléphone : vous pouvez y participer de chez vous.",
		AlsoByPhone:      "Vous pouvez aussi y participer par téléphone, de chez vous.",
		ByMail:           "C'est un groupe de correspondance : les membres s'écrivent par la poste.",
		MailTo:           "Pour y participer, écrivez à l'adresse suivante : {address}.",
		Online:           "Il se réunit en ligne.",
		MeetsIn:          "Ce groupe se réunit en {language}.",
		NextMeeting:      "La prochaine réunion aura lieu {when}.",
		Recurs:           "Il se réunit {pattern}.",
		Lasts:            "Les réunions durent {duration}.",
		NoMeeting:        "Appelez le groupe pour connaître ses heures de réunion.",
		DialIn:           "Pour participer, composez le {number}.",
		AccessCode:       "Quand on vous le demande, entrez le code d'accès {code}.",
		ContactIs:        "Le numéro de la personne-ressource est le {number}. Je répète : {number}.",
		OptNext:          "Pour entendre le groupe suivant, appuyez sur le {key}.",
		OptText:          "Pour recevoir ces renseignements par texto, appuyez sur le {key}.",
		OptConnect:       "Pour être mis en contact avec la personne-ressource du groupe, appuyez sur le {key}.",
		OptContact:       "Pour entendre le numéro de la personne-ressource, appuyez sur le {key}.",
		OptDialIn:        "Pour réentendre le numéro et le code d'accès, appuyez sur le {key}.",
		OptAddress:       "Pour réentendre l'adresse, appuyez sur le {key}.",
		OptAddressDialIn: "Pour réentendre l'adresse et le numéro pour participer par téléphone, appuyez sur le {key}.",
		OptMailAgain:     "Pour réentendre l'adresse postale, appuyez sur le {key}.",
		OptRemind:        "Pour recevoir un rappel avant chaque réunion, appuyez sur le {key}.",
		OptOtherArea:     "Pour chercher dans une autre région, appuyez sur le 8.",
		OptNewSearch:     "Pour une nouvelle recherche, appuyez sur le 9.",
		NoMore:           "C'était le dernier groupe que j'ai trouvé.",
		OptFromStart:     "Pour réentendre les groupes à partir du premier, appuyez sur le {key}.",
		TextLater:        "Je n'ai pas pu envoyer le texto pour le moment. Veuillez réessayer plus tard, ou noter les renseignements.",
		TextSent:         "Je vous ai envoyé les renseignements par texto, au téléphone d'où vous appelez.",
		TextFailed:       "Je n'ai pas pu envoyer de texto à ce téléphone. C'est peut-être une ligne fixe. Veuillez plutôt noter les renseignements; je vais les répéter.",
		TextNotHere:      "Les textos ne sont pas offerts sur cette ligne pour le moment.",
		Connecting:       "Je vous mets en contact avec la personne-ressource du groupe. Veuillez patienter.",
		NoAnswer:         "Personne n'a répondu. Vous pourrez réessayer plus tard.",
		NoNumber:         "Je ne vois pas votre numéro de téléphone, alors je ne peux pas le faire. Veuillez appeler du téléphone que vous voulez utiliser.",

		NotFound:    "Je suis désolée, je n'ai pas trouvé de groupe sur le sujet {concern}, {where}.",
		OptNearest:  "Le groupe le plus proche que je connais se réunit à {town}, à environ {km} kilomètres de chez vous. Pour en savoir plus, appuyez sur le {key}.",
		OptWaitlist: "Pour être avisé quand un groupe commencera près de chez vous, appuyez sur le {key}.",
		WaitlistHow: "Voulez-vous être avisé par texto ou par appel téléphonique? Pour un texto, appuyez sur le 1. Pour un appel, appuyez sur le 2.",
		WaitlistOK:  "Merci. Nous vous aviserons quand un groupe sur le sujet {concern} commencera dans la région du {npa}.",
		ConsentWait: "Nous garderons votre numéro de téléphone et cette demande, et nous ne les utiliserons que pour vous aviser une fois, par {how}, quand un groupe sur le sujet {concern} commencera dans la région du {npa}, et peut-être pour vous demander une fois si vous aideriez à en lancer un.",
		ConsentRemindText: "Vous recevrez un texto {leads} chaque réunion du groupe {name}. Votre numéro ne sert qu'à ces rappels. " +
			"Des frais de messagerie peuvent s'appliquer. Vous pouvez arrêter en tout temps : appelez cette ligne et appuyez sur le 2, ou répondez ARRET à un rappel.",
		ConsentRemindCall: "Vous recevrez un appel téléphonique {leads} chaque réunion du groupe {name}. Votre numéro ne sert qu'à ces rappels. " +
			"Vous pouvez arrêter en tout temps : appelez cette ligne et appuyez sur le 2, ou appuyez sur le 9 pendant un appel de rappel.",
		ConsentAgree:   "Pour accepter, appuyez sur le 1. Pour revenir en arrière, appuyez sur le 9.",
		Subscribed:     "Vous êtes inscrit aux rappels du groupe {name}.",
		OptedOutBefore: "Ce téléphone nous a demandé de ne plus envoyer de messages. Pour en recevoir de nouveau, textez d'abord le mot DEBUT à ce numéro.",
		ByTextWord:     "texto",
		ByCallWord:     "appel téléphonique",
		RemindHow:      "Comment voulez-vous recevoir vos rappels? Pour un texto, appuyez sur le 1. Pour un appel téléphonique, appuyez sur le 2.",

		MineNone:     "Vous n'avez aucun rappel de réunion.",
		MineCount:    "Vous avez {count} rappels de réunion.",
		MineCountOne: "Vous avez un rappel de réunion.",
		MineOne:      "Rappel {n} : {name}, par {how}.",
		MineOpts:     "Pour arrêter ce rappel, appuyez sur le 1. Pour entendre le suivant, appuyez sur le 2. Pour arrêter tous vos rappels, appuyez sur le 3.",
		MineEnd:      "Ce sont tous vos rappels.",
		Stopped:      "Ce rappel est arrêté.",
		StoppedAll:   "Tous vos rappels sont arrêtés.",

		OperatorConnect: "Veuillez patienter pendant que je vous mets en contact avec quelqu'un.",
		OperatorClosed:  "Personne n'est disponible pour prendre votre appel en ce moment.",
		VoicemailAsk:    "Veuillez laisser un message avec votre nom et votre numéro de téléphone après le signal, et quelqu'un vous rappellera. Quand vous avez terminé, raccrochez ou appuyez sur le dièse.",
		VoicemailThanks: "Merci. Votre message est enregistré, et quelqu'un vous rappellera.",
		VoicemailNone:   "Je n'ai pas reçu de message.",

		NoticeReminder:   "Bonjour, ici la Ligne d'entraide avec un rappel. {name} se réunit {when}.",
		NoticeJoin:       "Pour participer, composez le {number}, puis entrez le code d'accès {code}.",
		NoticeCancelled:  "Ici la Ligne d'entraide. {name} ne se réunira pas {day}.",
		NoticeNext:       "Sa prochaine réunion aura lieu {when}.",
		NoticeListed:     "Ici la Ligne d'entraide. Vous avez demandé à être avisé quand un groupe commencerait près de chez vous. {name} figure maintenant dans notre répertoire : il se réunit {how}. Pour en savoir plus, appelez cette ligne et choisissez de trouver un groupe.",
		NoticeEnded:      "Ici la Ligne d'entraide. {name} ne figure plus à notre répertoire; ses rappels sont arrêtés. Pour trouver un autre groupe, appelez cette ligne et choisissez de trouver un groupe.",
		ListedInPerson:   "en personne à {town}",
		ListedByPhone:    "par téléphone",
		ListedByMail:     "par correspondance",
		ListedOnline:     "en ligne",
		NoticeAgain:      "Je répète.",
		OptHearAgain:     "Pour réentendre ce message, appuyez sur le 1.",
		OptJoinNow:       "Pour vous joindre à la réunion maintenant, appuyez sur le 2.",
		OptStopReminders: "Pour ne plus recevoir ces rappels, appuyez sur le 9.",
		JoiningNow:       "Je vous mets en communication avec la réunion. Veuillez patienter.",
		JoinFailed:       "Je n'ai pas pu vous mettre en communication avec la réunion.",
		RemindersStopped: "Vos rappels du groupe {name} sont arrêtés. Vous pouvez vous réinscrire en tout temps en appelant cette ligne. Au revoir.",
		NoticeBye:        "Merci de votre écoute. Vous pouvez appeler la Ligne d'entraide en tout temps. Au revoir.",
		NoticeGone:       "Ici la Ligne d'entraide. Je suis désolée, je n'ai pas de message pour ce numéro de téléphone. Au revoir.",

		Didnt:     "Désolée, ce n'est pas un des choix.",
		Silent:    "Je n'ai pas entendu de choix.",
		Help:      "Prenez votre temps. Écoutez les choix, puis appuyez sur le chiffre sur le clavier de votre téléphone. Appuyez sur l'étoile pour les réentendre, ou sur le dièse pour le menu principal.",
		HelpOp:    "Pour parler à quelqu'un, appuyez sur le dièse pour le menu principal, puis sur le {key}.",
		LastTry:   "Essayons une dernière fois.",
		Goodbye:   "Merci d'avoir appelé la Ligne d'entraide. Vous pouvez rappeler en tout temps. Au revoir.",
		StartOver: "Reprenons au menu principal.",
		Sorry:     "Je suis désolée, un problème est survenu de notre côté.",
		SorryOp:   "Pour parler à quelqu'un, appuyez sur le 0. Pour réessayer, appuyez sur le 1.",
		SorryBack: "Veuillez rappeler dans quelques minutes. Pour réessayer maintenant, appuyez sur le 1.",
		Blocked:   "Cette ligne ne peut pas prendre les appels de ce numéro. Si vous êtes en crise, appelez ou textez le 9 8 8. En cas d'urgence, composez le 9 1 1.",

		// Referrals (issue 14).

		// Leaders (issue 14).
		MenuLeader:      "Pour les animateurs de groupe, appuyez sur le {key}.",
		LeaderPIN:       "Veuillez composer votre NIP d'animateur, puis le carré.",
		LeaderPINWrong:  "Ce NIP n'est pas le bon. Rien n'a été changé.",
		LeaderLocked:    "Ce NIP n'était pas le bon trois fois : les choix des animateurs sont fermés à ce numéro pour une demi-heure. Rien n'a été changé.",
		LeaderPick:      "Pour {name}, appuyez sur le {key}.",
		LeaderNext:      "La prochaine rencontre de {name} est {when}.",
		LeaderNone:      "{name} n'a pas de rencontre à venir qui puisse être annulée.",
		LeaderNextKeys:  "Pour l'annuler, appuyez sur le 1. Pour la réentendre, appuyez sur l'étoile. Pour le menu principal, appuyez sur le carré.",
		LeaderConfirm:   "Pour annuler la rencontre de {name} du {day}, et prévenir ses membres, appuyez sur le 1. Pour la garder, appuyez sur le 2.",
		LeaderCancelled: "La rencontre de {name} du {day} est annulée. Ses membres en seront avisés au lieu du rappel.",
		LeaderKept:      "La rencontre est maintenue. Rien n'a été changé.",
		NoticeNote:      "Un mot de l'animateur de {name}, avant la rencontre {when} : {note}",

		// Listing checks (issue 14).
		CheckAsk:      "Bonjour, ici la Ligne d'entraide. Nous vérifions notre fiche du groupe {name}, numéro {code}. Se réunit-il toujours {pattern}?",
		CheckKeys:     "Si oui, appuyez sur le 1. Si quelque chose a changé, appuyez sur le 2, et quelqu'un du centre vous rappellera. Pour réentendre ce message, appuyez sur l'étoile.",
		CheckWhen:     "{pattern} à {clock}",
		CheckAsListed: "comme indiqué dans notre répertoire",
		CheckThanks:   "Merci. Nous gardons la fiche telle quelle. Au revoir.",
		CheckChanged:  "Merci. Quelqu'un du centre vous rappellera. Au revoir.",
		LastConfirmed: "Cette fiche a été confirmée pour la dernière fois en {month}.",

		// Starting a group (issue 14).
		OptStart:        "Si vous aimeriez aider à lancer un groupe comme celui-ci, appuyez sur le {key}.",
		StartAsk:        "Merci de votre offre. Voulez-vous que le personnel du centre vous rappelle à ce numéro pour lancer un groupe sur le sujet {concern}? Nous ne garderons votre numéro que pour cela. Pour oui, appuyez sur le 1. Pour non, appuyez sur le 2.",
		StartThanks:     "Merci. Nous avons noté votre offre, et le personnel du centre vous rappellera.",
		StartThanksAnon: "Merci. Nous avons noté votre offre pour le personnel du centre.",
		StartNoNumber:   "Votre numéro ne s'affiche pas sur notre ligne, alors le centre ne peut pas vous rappeler.",
		NoticeInvite:    "Ici la Ligne d'entraide. {people} personnes près de {place} attendent un groupe sur le sujet {concern}, comme vous. Aideriez-vous à en lancer un? Veuillez appeler le centre au {phone}.",
		WaitCoversStart: "peut-être pour vous demander une fois si vous aideriez à en lancer un",
	}
}

func frenchText() Text {
	return Text{
		Crisis:       "Si vous êtes en crise, appelez ou textez le 988 maintenant, jour et nuit. En cas d'urgence, composez le 911. Vous n'êtes pas seul. Pour trouver un groupe plus tard, textez le sujet, p. ex. DEUIL.",
		CrisisShort:  "En crise? Appelez ou textez le 988.",
		Help:         "Ligne d'entraide : trouvez un groupe d'entraide. Textez le sujet et votre indicatif ou votre ville, p. ex. DEUIL 705 ou AIDANT SUDBURY. MES RAPPELS : vos rappels. ARRET : plus de textos. Crise : 988. In English: HELP",
		Welcome:      "Bienvenue à la Ligne d'entraide, pour les groupes d'entraide. Textez le sujet du groupe et votre indicatif ou votre ville, p. ex. DEUIL 705 ou AIDANT SUDBURY. AIDE pour plus.",
		Usage:        "Désolée, je n'ai pas trouvé de sujet. Textez le sujet du groupe et votre indicatif ou votre ville, p. ex. DEUIL 705. AIDE pour plus.",
		MediaOnly:    "Je ne peux lire que du texte. Textez le sujet du groupe et votre indicatif ou votre ville, p. ex. DEUIL 705.",
		WhichArea:    "Quelle région? Textez le sujet avec votre indicatif ou votre ville, p. ex. {concern} 705.",
		UnknownArea:  "Je ne connais pas la région {area}. Textez le sujet avec un indicatif canadien ou une ville, p. ex. DEUIL 705.",
		Header:       "{concern} : {count} près de {area}",
		Item:         "{n}) {name} - {how}{next}{phone}",
		NextShort:    ", proch. {when}",
		FooterPick:   "Répondez 1-{last} pour les détails",
		FooterOne:    "Répondez 1 pour les détails",
		FooterMore:   ", PLUS pour d'autres",
		FooterRemind: ", RAPPEL {n} pour des rappels",
		NoneFound:    "Aucun groupe sur le sujet {concern} trouvé près de {area}.",
		NoneNearest:  "Le plus proche que je connais se réunit à {town}, à environ {km} km : textez {word} {area}.",
		NoneWait:     "Répondez ATTENTE pour savoir quand un groupe commencera près de chez vous.",
		NoMore:       "Ce sont tous les groupes trouvés. Textez un autre sujet pour chercher encore.",
		NoSearch:     "Textez d'abord le sujet du groupe et votre région, p. ex. DEUIL 705.",
		NotListed:    "Répondez avec un chiffre de 1 à {count}, ou textez un autre sujet.",
		NotListedOne: "Répondez 1 pour le groupe de la liste, ou textez un autre sujet.",

		Details:         "{name} (groupe {code})",
		At:              "Lieu : {place}.",
		Dial:            "Pour participer par téléphone, composez le {number}, puis le code {code}.",
		DialNoCode:      "Pour participer par téléphone, composez le {number}.",
		WriteTo:         "Par la poste : écrivez à {address}.",
		OnlineAt:        "En ligne : {url}",
		DetailsNext:     "Se réunit {pattern}. Prochaine : {when}.",
		DetailsNextOnly: "Prochaine réunion : {when}.",
		DetailsNone:     "Appelez le groupe pour connaître ses réunions.",
		Contact:         "Contact : {phone}",
		DetailsMore:     "\nRépondez RAPPEL {n} pour des rappels, PLUS pour d'autres groupes.",
		DetailsMore2:    "\nRépondez PLUS pour d'autres groupes.",
		TextedFooter:    "\nDe la Ligne d'entraide. Textez un sujet et un indicatif à ce numéro pour trouver d'autres groupes. Répondez ARRET pour arrêter.",
		HowPhone:        "par téléphone",
		HowMail:         "par la poste",
		HowFar:          "{town} ({km} km)",
		HowOnline:       "en ligne",
		Area:            "{npa}",

		RemindAsk:     "Répondez OUI pour recevoir un texto {leads} chaque réunion de {name}. Des frais de messagerie peuvent s'appliquer. Répondez ARRET pour arrêter.",
		RemindNot:     "Les rappels sont offerts pour les groupes par téléphone. Pour les réunions de {name}, appelez le {phone}.",
		Subscribed:    "C'est fait : vous recevrez un texto {leads} chaque réunion de {name}. MES RAPPELS affiche vos rappels.",
		OptedOut:      "Vous nous avez demandé de ne plus texter. Textez START d'abord, puis réessayez.",
		NoPending:     "Textez le sujet du groupe et votre région, p. ex. DEUIL 705. AIDE pour plus.",
		Declined:      "D'accord, rien n'a changé.",
		WaitAsk:       "Répondez OUI pour recevoir un texto quand un groupe sur le sujet {concern} commencera près de {area}, et parfois un pour vous demander si vous aideriez à en lancer un. Votre numéro ne sert qu'à cela. Répondez ARRET pour arrêter.",
		WaitOK:        "Merci. Nous vous texterons quand un groupe sur le sujet {concern} commencera près de {area}.",
		WaitNothing:   "Cherchez d'abord : textez le sujet du groupe et votre région, p. ex. DEUIL 705.",
		List:          "Vos rappels : {items}. Répondez ARRET et un chiffre pour en arrêter un, p. ex. ARRET 1.",
		ListItem:      "{n}) {name}",
		ListNone:      "Vous n'avez aucun rappel. Textez un sujet et votre région, p. ex. DEUIL 705, pour trouver un groupe.",
		StoppedOne:    "Les rappels de {name} sont arrêtés. MES RAPPELS affiche les autres.",
		StoppedWhich:  "Vous avez {count} rappels. Répondez MES RAPPELS pour les voir.",
		StoppedWhich1: "Vous avez un rappel. Répondez MES RAPPELS pour le voir.",
		Arret:         "Vous ne recevrez plus de textos de la Ligne d'entraide. Textez START pour les recevoir de nouveau.",
		Start:         "Vous pouvez de nouveau recevoir nos textos. Vos anciens rappels restent arrêtés : textez MES RAPPELS pour les voir, ou cherchez et répondez RAPPEL pour en commencer un.",
		NoCode:        "Je ne connais pas le groupe {code}. Vérifiez le numéro sur le dépliant, ou textez un sujet et votre région, p. ex. DEUIL 705.",
		Sorry:         "Désolée, un problème est survenu de notre côté. Réessayez dans quelques minutes. En crise? Appelez ou textez le 988.",
		Reminder:      "Rappel de la Ligne d'entraide : {name} se réunit {when}. {how} Répondez ARRET pour arrêter.",
		Cancellation:  "Ligne d'entraide : {name} ne se réunira pas le {day}.{next} Répondez ARRET pour arrêter.",
		NextMeeting:   " Prochaine réunion : {when}.",
		Waitlist:      "Ligne d'entraide : vous avez demandé à savoir quand un groupe sur le sujet {concern} commencerait près du {npa}. {name} figure maintenant au répertoire : il se réunit {how}. {then} Répondez ARRET pour arrêter.",
		WaitlistJoin:  "Textez JOIN {code} pour des rappels, ou appelez-nous.",
		WaitlistCall:  "Contact : {phone}.",
		Ended:         "Ligne d'entraide : {name} ne figure plus à notre répertoire; ses rappels sont arrêtés. Pour trouver un autre groupe, textez un sujet et votre indicatif, p. ex. DEUIL 705. Répondez ARRET pour arrêter.",

		// Referrals (issue 14).
		ReferAsk:            "Ligne d'entraide : {who} nous a demandé de vous envoyer les coordonnées d'un groupe d'entraide, {name}. Répondez OUI pour les recevoir, ou NON. Rien d'autre n'est envoyé sans votre OUI. Répondez ARRET pour arrêter.",
		ReferSomeone:        "Une personne qui vous aide",
		ReferAsked:          "Nous avons demandé à votre client s'il veut les coordonnées du groupe {name}. Nous ne vous dirons rien de plus à son sujet. Pour orienter une autre personne, textez ENVOYER, un code de groupe, A et son numéro.",
		ReferUsage:          "Pour envoyer les coordonnées d'un groupe à un client, textez ENVOYER, le code du groupe, A et son numéro, p. ex. ENVOYER 4127 A 705-555-0123.",
		ReferNotRegistered:  "Seuls les intervenants inscrits à la Ligne d'entraide peuvent envoyer les coordonnées d'un groupe à quelqu'un : rien n'a été envoyé. Pour vous inscrire, {how}. Pour trouver un groupe vous-même, textez un sujet et votre indicatif, p. ex. DEUIL 705.",
		ReferRegisterCall:   "appelez le centre au {phone}",
		ReferRegisterAsk:    "adressez-vous au centre qui offre cette ligne",
		ReferNoGroup:        "Je ne connais pas de groupe actif {code} : rien n'a été envoyé. Vérifiez le code; il figure dans les coordonnées de chaque groupe, p. ex. textez DEUIL 705, puis 1.",
		ReferCannotText:     "Ce numéro ne peut pas recevoir nos textos; c'est peut-être une ligne fixe. Rien n'a été envoyé. Donnez plutôt à votre client le numéro du groupe : {phone}.",
		ReferCannotTextCode: "Ce numéro ne peut pas recevoir nos textos; c'est peut-être une ligne fixe. Rien n'a été envoyé. Votre client peut appeler cette ligne et demander le groupe {code}.",
		ReferWaiting:        "Ce numéro a déjà été interrogé au sujet du groupe {name} et n'a pas encore répondu. Nous ne demandons pas deux fois : rien n'a été envoyé.",
		ReferLimit:          "Vous avez envoyé {count} orientations aujourd'hui, le maximum pour une journée : rien n'a été envoyé. Veuillez réessayer demain.",
		ReferFailed:         "Nous n'avons pas pu envoyer ce texto pour l'instant : rien n'a été envoyé. Veuillez réessayer dans quelques minutes.",
		ReferNoTexting:      "Cette ligne n'est pas configurée pour texter d'autres numéros : rien n'a été envoyé. Donnez à votre client le code du groupe, {code}, et le numéro de cette ligne.",
		ReferDeclined:       "D'accord. Rien d'autre ne sera envoyé au sujet du groupe {name}. Pour trouver un groupe vous-même, textez un sujet et votre indicatif, p. ex. DEUIL 705.",
		ReferFindMore:       "Pour trouver d'autres groupes, textez un sujet et votre indicatif, p. ex. DEUIL 705.",

		// Leaders (issue 14).
		LeadCancelAsk: "Annuler {name} le {when}? Répondez OUI pour l'annuler et prévenir ses membres, ou NON.",
		LeadCancelled: "C'est fait : {name} ne se réunira pas le {day}. Ses membres en seront avisés au lieu du rappel.",
		LeadNotLeader: "Ce numéro n'est pas inscrit comme animateur du groupe {code}; rien n'a été changé. Le personnel du centre peut vous inscrire. AIDE pour de l'aide.",
		LeadNoMeeting: "{name} ne se réunit pas le {day}. Prochaines rencontres : {days}. Envoyez p. ex. {word} {code} {example}",
		LeadPast:      "Le {day} est passé; rien n'a été changé. Envoyez une date à venir, p. ex. {word} {code} {example}",
		LeadAlready:   "{name} du {day} est déjà annulé. Rien n'a été changé.",
		LeadBadDate:   "Désolé, je n'ai pas compris cette date. Envoyez p. ex. {word} {code} 8 DEC, ou {word} {code} mardi prochain.",
		LeadNone:      "{name} n'a pas de rencontre à venir; rien n'a été changé.",
		NoteAsk:       "Envoyer votre mot aux {count} membres de {name} qui reçoivent des rappels, avant le {when}? Répondez OUI pour l'envoyer, ou NON.",
		NoteAskOne:    "Envoyer votre mot au membre de {name} qui reçoit des rappels, avant le {when}? Répondez OUI pour l'envoyer, ou NON.",
		NoteQueued:    "Votre mot ira à {count} membres (après les heures de silence pour ceux qui y sont).",
		NoteQueuedOne: "Votre mot ira à 1 membre (après les heures de silence s'il y est).",
		NoteTooLong:   "Votre mot a {count} caractères; les mots sont limités à {max} pour tenir dans un texto. Raccourcissez-le et renvoyez-le.",
		NoteNobody:    "Personne ne reçoit encore de rappels de {name}; il n'y a personne à qui envoyer un mot.",
		NoteExists:    "Un mot part déjà aux membres de {name} avant le {when} : un mot par rencontre.",
		Note:          "Ligne d'entraide : un mot de l'animateur de {name}, avant le {when} : {note} Répondez ARRET pour arrêter.",

		// Listing checks (issue 14).
		CheckAsk:      "Ligne d'entraide : {name} ({code}) se réunit-il toujours {pattern}? Répondez OUI, ou MODIFIE et nous vous appellerons.",
		CheckWhen:     "{pattern} à {clock}",
		CheckAsListed: "comme indiqué dans notre répertoire",
		CheckThanks:   "Merci : {name} reste inscrit tel quel. Pour trouver un groupe, textez un sujet et votre indicatif, p. ex. DEUIL 705.",
		CheckChanged:  "Merci. Quelqu'un du centre vous appellera. Pour trouver un groupe, textez un sujet et votre indicatif.",
		CheckNone:     "Nous n'attendons aucune réponse de vous. Pour trouver un groupe, textez un sujet et votre indicatif, p. ex. DEUIL 705.",
		LastConfirmed: "Confirmé pour la dernière fois en {month}.",

		// Starting a group (issue 14).
		Invite:          "Ligne d'entraide : {people} personnes près de {place} attendent un groupe sur le sujet {concern}, comme vous. Aideriez-vous à en lancer un? Appelez le centre au {phone}. Répondez ARRET pour ne plus en recevoir.",
		WaitCoversStart: "et parfois un pour vous demander si vous aideriez à en lancer un",
	}
}

func frenchFacts() Facts {
	weekdays := [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months := [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	return Facts{
		Weekdays:      weekdays,
		WeekdaysShort: weekdays, // a French text writes days whole
		Months:        months,
		MonthsShort:   months,
		Ordinals:      [5]string{"premier", "deuxième", "troisième", "quatrième", "cinquième"},
		Numbers:       [6]string{"zéro", "un", "deux", "trois", "quatre", "cinq"},
		Last:          "dernier",
		Today:         "aujourd'hui",
		Tomorrow:      "demain",
		Languages:     map[directory.Lang]string{directory.English: "anglais", directory.French: "français"},
		Hour:          "une heure",
		HourHalf:      "une heure et demie",
		Hours:         "{n} heures",
		Minutes:       "{n} minutes",
		Streets: map[string]string{"St": "Street", "Ave": "Avenue", "Rd": "Road", "Dr": "Drive", "Blvd": "boulevard",
			"boul": "boulevard", "ch": "chemin", "Ch": "chemin", "av": "avenue", "Av": "avenue", "Hwy": "Highway",
			"Apt": "appartement", "app": "appartement", "CP": "case postale", "RR": "route rurale",
			"E": "Est", "O": "Ouest", "W": "Ouest", "N": "Nord", "S": "Sud",
			"ON": "Ontario", "QC": "Québec", "MB": "Manitoba", "NB": "Nouveau-Brunswick"},
		And:   "et",
		Pound: "dièse",
		Star:  "étoile",

		Every:     "chaque {day}",
		EveryNth:  "un {day} sur {n}",
		MonthlyBy: "le {nth} {day} du mois",
		MonthlyOn: "le {date} de chaque mois",

		DayBefore:   "la veille",
		DaysBefore:  "{n} jours avant",
		HourBefore:  "une heure avant",
		HoursBefore: "{n} heures avant",
		MinsBefore:  "{n} minutes avant",

		SpokenTwoZones:  "{when}, {zone}, soit {other}, {otherzone}",
		WrittenTwoZones: "{when} {zone} ({other} {otherzone})",
		Zones: map[string]ZoneName{
			"America/Toronto": {"heure de l'Est", "heure de l'Est"}, "America/Winnipeg": {"heure du Centre", "heure du Centre"},
			"America/Atikokan": {"heure normale de l'Est", "heure de l'Est"}, "America/Regina": {"heure de la Saskatchewan", "heure de la Saskatchewan"},
			"America/Edmonton": {"heure des Rocheuses", "heure des Rocheuses"}, "America/Vancouver": {"heure du Pacifique", "heure du Pacifique"},
			"America/Halifax": {"heure de l'Atlantique", "heure de l'Atlantique"}, "America/Moncton": {"heure de l'Atlantique", "heure de l'Atlantique"},
			"America/St_Johns": {"heure de Terre-Neuve", "heure de Terre-Neuve"},
		},

		date: func(weekday, month string, day int) string {
			return fmt.Sprintf("le %s %s %s", weekday, frenchOrdinal(day), month)
		},
		at:    func(date, clock string) string { return date + " à " + clock },
		clock: frenchClock,
		writtenDate: func(weekday, month string, day int) string {
			return fmt.Sprintf("%s %s %s", weekday, frenchOrdinal(day), month)
		},
		writtenClock: frenchClock,
		ordinalDay:   frenchOrdinal,
	}
}

// frenchClock says and writes 19:00 as "19 h" and 10:30 as "10 h 30".
func frenchClock(hour, minute int) string {
	if minute == 0 {
		return fmt.Sprintf("%d h", hour)
	}
	return fmt.Sprintf("%d h %02d", hour, minute)
}

// frenchOrdinal writes a day of the month: "1er", "22".
func frenchOrdinal(n int) string {
	if n == 1 {
		return "1er"
	}
	return fmt.Sprint(n)
}
