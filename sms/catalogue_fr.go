package sms

import "fmt"

func french() *catalogue {
	return &catalogue{
		Crisis:        "Si vous êtes en crise, appelez ou textez le 988 maintenant, jour et nuit. En cas d'urgence, composez le 911. Vous n'êtes pas seul. Pour trouver un groupe plus tard, textez le sujet, p. ex. DEUIL.",
		CrisisShort:   "En crise? Appelez ou textez le 988.",
		Help:          "Ligne d'entraide : trouvez un groupe d'entraide. Textez le sujet et votre indicatif ou votre ville, p. ex. DEUIL 705 ou AIDANT SUDBURY. MES RAPPELS : vos rappels. ARRET : plus de textos. Crise : 988. In English: HELP",
		Usage:         "Désolée, je n'ai pas trouvé de sujet. Textez le sujet du groupe et votre indicatif ou votre ville, p. ex. DEUIL 705. AIDE pour plus.",
		MediaOnly:     "Je ne peux lire que du texte. Textez le sujet du groupe et votre indicatif ou votre ville, p. ex. DEUIL 705.",
		WhichArea:     "Quelle région? Textez le sujet avec votre indicatif ou votre ville, p. ex. {concern} 705.",
		UnknownArea:   "Je ne connais pas la région {area}. Textez le sujet avec un indicatif canadien ou une ville, p. ex. DEUIL 705.",
		Header:        "{concern} : {count} près de {area}",
		Item:          "{n}) {name} - {how}{next}{phone}",
		NextShort:     ", proch. {when}",
		FooterPick:    "Répondez 1-{last} pour les détails",
		FooterMore:    ", PLUS pour d'autres",
		FooterRemind:  ", RAPPEL {n} pour des rappels",
		NoneFound:     "Aucun groupe {concern} trouvé près de {area}.",
		NoneNearest:   "Le plus proche est dans le {area} : textez {word} {npa}.",
		NoneWait:      "Répondez ATTENTE pour savoir quand un groupe commencera près de chez vous.",
		NoMore:        "Ce sont tous les groupes trouvés. Textez un autre sujet pour chercher encore.",
		NoSearch:      "Textez d'abord le sujet du groupe et votre région, p. ex. DEUIL 705.",
		NotListed:     "Répondez avec un chiffre de 1 à {count}, ou textez un autre sujet.",
		Details:       "{name} (groupe {code})\n{how}\n{when}{contact}",
		DetailsNext:   "Se réunit {pattern}. Prochaine : {when}.",
		DetailsNone:   "Appelez le groupe pour connaître ses réunions.",
		DetailsMore:   "\nRépondez RAPPEL {n} pour des rappels, PLUS pour d'autres groupes.",
		DetailsMore2:  "\nRépondez PLUS pour d'autres groupes.",
		InPerson:      "En personne : {place}.",
		ByPhone:       "Par téléphone : composez le {number}, puis le code {code}.",
		ByPhoneNoCode: "Par téléphone : composez le {number}.",
		ByMail:        "Par la poste : écrivez à {address}.",
		Online:        "En ligne : {url}",
		Contact:       "\nContact : {phone}",
		RemindAsk:     "Répondez OUI pour recevoir un texto avant chaque réunion de {name}. Des frais de messagerie peuvent s'appliquer. Répondez ARRET pour arrêter.",
		RemindNot:     "Les rappels sont offerts pour les groupes par téléphone. Pour les réunions de {name}, appelez le {phone}.",
		Subscribed:    "C'est fait : vous recevrez un texto la veille et une heure avant chaque réunion de {name}. MES RAPPELS affiche vos rappels.",
		OptedOut:      "Vous nous avez demandé de ne plus texter. Textez START d'abord, puis réessayez.",
		NoPending:     "Textez le sujet du groupe et votre région, p. ex. DEUIL 705. AIDE pour plus.",
		Declined:      "D'accord, rien n'a changé.",
		WaitAsk:       "Répondez OUI pour recevoir un texto quand un groupe {concern} commencera près de {area}. Votre numéro ne sert qu'à cela. Répondez ARRET pour arrêter.",
		WaitOK:        "Merci. Nous vous texterons quand un groupe {concern} commencera près de {area}.",
		WaitNothing:   "Cherchez d'abord : textez le sujet du groupe et votre région, p. ex. DEUIL 705.",
		List:          "Vos rappels : {items}. Répondez ARRET et un chiffre pour en arrêter un, p. ex. ARRET 1.",
		ListItem:      "{n}) {name}",
		ListNone:      "Vous n'avez aucun rappel. Textez un sujet et votre région, p. ex. DEUIL 705, pour trouver un groupe.",
		StoppedOne:    "Les rappels de {name} sont arrêtés. MES RAPPELS affiche les autres.",
		StoppedWhich:  "Vous avez {count} rappels. Répondez MES RAPPELS pour les voir.",
		Arret:         "Vous ne recevrez plus de textos de la Ligne d'entraide. Textez START pour les recevoir de nouveau.",
		Start:         "Vous pouvez de nouveau recevoir nos textos. Vos anciens rappels restent arrêtés : textez MES RAPPELS pour les voir, ou cherchez et répondez RAPPEL pour en commencer un.",
		NoCode:        "Je ne connais pas le groupe {code}. Vérifiez le numéro sur le dépliant, ou textez un sujet et votre région, p. ex. DEUIL 705.",
		Sorry:         "Désolée, un problème est survenu de notre côté. Réessayez dans quelques minutes. En crise? Appelez ou textez le 988.",
		Area:          "{npa}",
		HowPhone:      "par téléphone",
		HowMail:       "par la poste",
		HowOnline:     "en ligne",

		Ordinals: [5]string{"1er", "2e", "3e", "4e", "5e"},
		Last:     "dernier",
		Every:    "chaque {day}",
		EveryNth: "un {day} sur {n}",
		Monthly:  "le {nth} {day} du mois",
		MonthDay: "le {date} du mois",
		Ordinal: func(n int) string {
			if n == 1 {
				return "1er"
			}
			return fmt.Sprint(n)
		},
	}
}
