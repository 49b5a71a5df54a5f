package ivr

import (
	"fmt"

	"github.com/peerline/peerline/directory"
)

func french() *catalogue {
	return &catalogue{
		Welcome:      "Bonjour, et bienvenue à la Ligne d'entraide. Nous vous aidons à trouver un groupe d'entraide, où des personnes qui vivent la même chose que vous se soutiennent.",
		FrenchChoice: "Pour le service en français, appuyez sur le 9.",
		Crisis:       "Si vous êtes en crise, vous pouvez appeler ou texter le 9 8 8 en tout temps. En cas d'urgence, composez le 9 1 1.",
		Keys:         "En tout temps, appuyez sur l'étoile pour réentendre les choix, ou sur le dièse pour revenir à ce menu.",
		Menu:         "Pour trouver un groupe, appuyez sur le 1. Pour entendre ou arrêter vos rappels de réunion, appuyez sur le 2. Pour savoir comment se passe un groupe d'entraide, appuyez sur le 3.",
		MenuOperator: "Pour parler à quelqu'un, appuyez sur le 4.",
		Guide: "Dans un groupe d'entraide, des personnes qui vivent la même situation se réunissent pour se soutenir. " +
			"Le groupe est animé par ses membres, et non par des professionnels. " +
			"Ce qui se dit dans le groupe reste dans le groupe. " +
			"Vous pouvez venir simplement pour écouter; personne n'est obligé de parler. " +
			"Un groupe d'entraide n'est pas un traitement et ne remplace pas votre médecin ou votre conseiller; bien des gens ont recours aux deux.",
		GuideAfter: "Pour trouver un groupe maintenant, appuyez sur le 1. Pour le menu principal, appuyez sur le dièse.",

		CategoryIntro:  "Sur quel sujet voulez-vous un groupe?",
		CategoryOption: "Pour {name}, appuyez sur le {key}.",
		SpeechInvite:   "Ou dites simplement le sujet, par exemple, deuil.",
		ConcernIntro:   "{name}.",
		ConcernOption:  "Pour {name}, appuyez sur le {key}.",
		AreaHere:       "Vous appelez de la région du {npa}, {place}. Pour chercher dans cette région, appuyez sur le 1. Pour chercher dans une autre région, appuyez sur le 2.",
		AreaAsk:        "Veuillez entrer l'indicatif régional à trois chiffres de la région où vous voulez un groupe.",
		AreaUnknown:    "Je ne connais pas l'indicatif {npa}. Veuillez entrer un indicatif régional canadien à trois chiffres.",
		AreaMore:       "Veuillez entrer la suite de l'indicatif régional.",

		Found:          "J'ai trouvé {count} groupes sur le sujet {concern} pour la région du {npa}.",
		FoundOne:       "J'ai trouvé un groupe sur le sujet {concern} pour la région du {npa}.",
		ResultHead:     "Groupe {n} : {name}.",
		InPerson:       "Il se réunit en personne à {town}.",
		InPersonAt:     "Il se réunit en personne à {town}, à l'endroit suivant : {place}.",
		ByPhone:        "Il se réunit par téléphone : vous pouvez y participer de chez vous.",
		ByMail:         "C'est un groupe de correspondance : les membres s'écrivent par la poste.",
		Online:         "Il se réunit en ligne.",
		NextMeeting:    "La prochaine réunion aura lieu {when}.",
		Recurs:         "Il se réunit {pattern}.",
		NoMeeting:      "Appelez le groupe pour connaître ses heures de réunion.",
		ZoneTime:       "{zone}",
		DialIn:         "Pour participer, composez le {number}.",
		AccessCode:     "Quand on vous le demande, entrez le code d'accès {code}.",
		OptNext:        "Pour entendre le groupe suivant, appuyez sur le 1.",
		OptText:        "Pour recevoir ces renseignements par texto, appuyez sur le 2.",
		OptConnect:     "Pour être mis en contact avec la personne-ressource du groupe, appuyez sur le 3.",
		OptRemind:      "Pour recevoir un rappel avant chaque réunion, appuyez sur le 4.",
		OptDialIn:      "Pour réentendre le numéro et le code d'accès, appuyez sur le 5.",
		OptNewSearch:   "Pour une nouvelle recherche, appuyez sur le 9.",
		NoMore:         "C'était le dernier groupe que j'ai trouvé.",
		OptFromStart:   "Pour réentendre les groupes à partir du premier, appuyez sur le 1.",
		TextLater:      "Je n'ai pas pu envoyer le texto pour le moment. Veuillez réessayer plus tard, ou noter les renseignements.",
		TextInPerson:   "Lieu : {place}.",
		TextDialIn:     "Composez le {number}, code d'acces {code}.",
		TextMail:       "Ecrivez a : {address}.",
		TextSent:       "Je vous ai envoyé les renseignements par texto, au téléphone d'où vous appelez.",
		TextFailed:     "Je n'ai pas pu envoyer de texto à ce téléphone. C'est peut-être une ligne fixe. Veuillez plutôt noter les renseignements; je vais les répéter.",
		TextNotHere:    "Les textos ne sont pas offerts sur cette ligne pour le moment.",
		TextBody:       "{name} (groupe {code}). {how} Prochaine réunion : {when}. Contact : {contact}. Répondez ARRET pour arrêter.",
		Connecting:     "Je vous mets en contact avec la personne-ressource du groupe. Veuillez patienter.",
		NoAnswer:       "Personne n'a répondu. Vous pourrez réessayer plus tard.",
		NoNumberCaller: "Je ne vois pas votre numéro de téléphone, alors je ne peux pas le faire. Veuillez appeler du téléphone que vous voulez utiliser.",

		NotFound:       "Je suis désolée, je n'ai pas trouvé de groupe sur le sujet {concern} pour la région du {npa}.",
		OptNearest:     "La région la plus proche qui en a un est celle du {npa}, {region}. Pour entendre ces groupes, appuyez sur le 1.",
		OptWaitlist:    "Pour être avisé quand un groupe commencera près de chez vous, appuyez sur le 2.",
		WaitlistHow:    "Voulez-vous être avisé par texto ou par appel téléphonique? Pour un texto, appuyez sur le 1. Pour un appel, appuyez sur le 2.",
		WaitlistOK:     "Merci. Nous vous aviserons quand un groupe sur le sujet {concern} commencera dans la région du {npa}.",
		ConsentWait:    "Nous garderons votre numéro de téléphone et cette demande, et nous ne les utiliserons que pour vous aviser une fois, par {how}, quand un groupe sur le sujet {concern} commencera dans la région du {npa}.",
		ConsentRemind:  "Vous recevrez un {how} la veille et une heure avant chaque réunion du groupe {name}. Votre numéro ne sert qu'à ces rappels. Des frais de messagerie peuvent s'appliquer. Vous pouvez arrêter en tout temps : appelez cette ligne et appuyez sur le 2, ou répondez ARRET à un texto.",
		ConsentAgree:   "Pour accepter, appuyez sur le 1. Pour revenir en arrière, appuyez sur le 9.",
		Subscribed:     "Vous êtes inscrit aux rappels du groupe {name}.",
		OptedOutBefore: "Ce téléphone nous a demandé de ne plus envoyer de messages. Pour en recevoir de nouveau, textez d'abord le mot DEBUT à ce numéro.",
		ByTextWord:     "texto",
		ByCallWord:     "appel téléphonique",
		RemindHow:      "Comment voulez-vous recevoir vos rappels? Pour un texto, appuyez sur le 1. Pour un appel téléphonique, appuyez sur le 2.",

		MineNone:   "Vous n'avez aucun rappel de réunion.",
		MineCount:  "Vous avez {count} rappels de réunion.",
		MineOne:    "Rappel {n} : {name}, par {how}.",
		MineOpts:   "Pour arrêter ce rappel, appuyez sur le 1. Pour entendre le suivant, appuyez sur le 2. Pour arrêter tous vos rappels, appuyez sur le 3.",
		MineEnd:    "Ce sont tous vos rappels.",
		Stopped:    "Ce rappel est arrêté.",
		StoppedAll: "Tous vos rappels sont arrêtés.",

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
		HelpOp:    "Pour parler à quelqu'un, appuyez sur le dièse pour le menu principal, puis sur le 4.",
		LastTry:   "Essayons une dernière fois.",
		Goodbye:   "Merci d'avoir appelé la Ligne d'entraide. Vous pouvez rappeler en tout temps. Au revoir.",
		StartOver: "Désolée, j'ai perdu le fil. Recommençons au menu principal.",
		Sorry:     "Je suis désolée, un problème est survenu de notre côté.",
		SorryOp:   "Pour parler à quelqu'un, appuyez sur le 0. Pour réessayer, appuyez sur le 1.",
		SorryBack: "Veuillez rappeler dans quelques minutes. Pour réessayer maintenant, appuyez sur le 1.",
		Blocked:   "Cette ligne ne peut pas prendre les appels de ce numéro. Si vous êtes en crise, appelez ou textez le 9 8 8.",

		Weekdays:  [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		Months:    [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		Ordinals:  [5]string{"premier", "deuxième", "troisième", "quatrième", "cinquième"},
		Numbers:   [6]string{"zéro", "un", "deux", "trois", "quatre", "cinq"},
		Last:      "dernier",
		Every:     "chaque {day}",
		EveryNth:  "un {day} sur {n}",
		MonthlyBy: "le {nth} {day} du mois",
		MonthlyOn: "le {date} de chaque mois",
		And:       "et",
		Pound:     "dièse",
		Star:      "étoile",
		Zones: map[string]string{
			"America/Toronto": "heure de l'Est", "America/Winnipeg": "heure du Centre", "America/Atikokan": "heure normale de l'Est",
			"America/Regina": "heure de la Saskatchewan", "America/Edmonton": "heure des Rocheuses", "America/Vancouver": "heure du Pacifique",
			"America/Halifax": "heure de l'Atlantique", "America/Moncton": "heure de l'Atlantique", "America/St_Johns": "heure de Terre-Neuve",
		},
		When: func(day, month string, date, hour, minute int) string {
			return fmt.Sprintf("le %s %s %s à %s", day, directory.DayOrdinal(directory.French, date), month, frenchClock(hour, minute))
		},
		OnDay: func(day, month string, date int) string {
			return fmt.Sprintf("le %s %s %s", day, directory.DayOrdinal(directory.French, date), month)
		},
		DayOfMonth: func(n int) string { return directory.DayOrdinal(directory.French, n) },
	}
}

// frenchClock reads 19:00 as "19 h" and 10:30 as "10 h 30".
func frenchClock(hour, minute int) string {
	if minute == 0 {
		return fmt.Sprintf("%d h", hour)
	}
	return fmt.Sprintf("%d h %02d", hour, minute)
}
