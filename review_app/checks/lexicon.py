"""Vocabulary of web-page chrome (navigation, widgets, banners) and of credit lines, English and Russian.

Entries ending in ``*`` are stems (Russian inflects: подписаться, подпишитесь, подписка).
STRONG words almost only occur in page UI; WEAK ones are UI-ish but also common in prose, so
a line needs a high share of them (or a STRONG one) before it counts as chrome.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from review_app.checks.textutil import EMAIL_ADDRESS, vocab

STRONG = vocab(
    """
    advertisement advert adverts ads sponsored promo skip navigation nav menu submenu toggle slideshow slide
    slides subscribe* unsubscribe newsletter* cookie* login logout log-in sign-in signin signup sign-up
    register share* tweet retweet repost like likes bookmark* bookmarked favourites favorites print
    printable comment* permalink breadcrumb* sidebar footer header widget* dropdown popup pop-up banner
    instagram facebook twitter telegram whatsapp vkontakte youtube tiktok linkedin pinterest rss search
    hashtag* tags copyright disclaimer sitemap faq реклам* подпис* поделит* коммент* озвуч* меню навигац*
    войти вход выход регистрац* авториз* закладк* избранн* печать распечатать рассылк* cookie-файл* куки
    слайд* слайдшоу лайк* репост* твит* поиск теги тег подробнее развернуть свернуть телеграм* вконтакте
    ютуб* спецпроект* партнерск* партнёрск*
    """
)
WEAK = vocab(
    """
    main content home top back next previous prev more read also live broadcast stream streaming watch
    listen audio video videos photo photos gallery image images article articles story stories related
    popular trending latest news headlines section sections topic topics category categories select
    highlight beginning start end open close show hide view load contact about privacy terms policy settings
    account profile edit reply post posts email e-mail follow followers feed archive page pages text font
    size mode dark light version mobile full site help feedback send report continue reading most important
    editor editors choice recommended recommend главное главная главн* начало конец статьи статья статей
    новости новость читать читайте смотрите смотреть также еще ещё далее видео фото фотогалерея галерея
    прямой эфир трансляция онлайн текст показать скрыть открыть закрыть слушать выделить популярное
    популярн* последние следующая предыдущая наверх назад вперед вперёд мнения сюжет сюжеты рубрик* раздел*
    темы тема ответить отправить контакты редакция версия режим шрифт
    """
)
# The same for pages in German, French, Spanish, Italian, Portuguese, Dutch and Polish: read only for those targets,
# so the English model's features stay those it was trained on.
OTHER_STRONG = vocab(
    """
    impressum datenschutz* teilen abonnier* anmelden abmelden registrier* kommentar* kommentieren gefällt merken
    drucken startseite inhaltsverzeichnis ausblenden einblenden menü weiterlesen nutzungsbedingungen agb
    partager abonnez abonner abonnement connexion déconnexion inscrivez inscription commentaire* commenter
    imprimer accueil compartir suscríbete suscribirse comentario* comentar imprimir condividi iscriviti commenti
    commenta accedi registrati compartilhar compartilhe partilhar inscreva-se assine comentários comentar delen
    abonneren reacties reageren inloggen udostępnij subskrybuj komentarze zaloguj anzeige anzeigen werbung abo
    publicité publicidad pubblicità publicidade
    """
)
OTHER_WEAK = vocab(
    """
    mehr zurück weiter suche suchen kontakt hilfe themen beiträge beitrag artikel ähnliche aktuelles folgen
    plus suite lire voir rechercher recherche contact aide articles retour suivant précédent sujets
    más leer ver buscar contacto ayuda artículos volver siguiente anterior temas
    altro leggi cerca contatti aiuto articoli indietro successivo precedente
    mais leia ver pesquisar contato ajuda artigos voltar próximo anterior
    """
)
# A whole line that is just one of these is a switch or a button label.
TOGGLES = vocab(
    """
    on off вкл выкл вкл. выкл. ok ок
    """
)
STOPWORDS = vocab(
    """
    the a an of to in on at for and or with by from this that our your us my me you it its is are all be и в
    во на с со к по для о об от из за у а или же ли не нас вас мы вы наш ваш все всё это
    """
)

# Multi-word UI phrases: a short line made of one of these is chrome anywhere in the page.
# "Read also" in the languages whose headlines are in sentence case (a teaser under it may open lower case).
READ_ALSO_OTHER = r"(?:à\ )?lire\ aussi|voir\ aussi|lee\ también|ver\ también|leggi\ anche|leia\ também|lees\ ook"
READ_ALSO_RE = regex.compile(rf"^\W*(?:{READ_ALSO_OTHER})\W*$", regex.IGNORECASE)
UI_PHRASE_RE = regex.compile(
    r"""^\W*(?:
      skip\ to\ (?:main\ )?(?:content|navigation|search)|jump\ to\ (?:navigation|content|search)
    | read\ (?:more|also|next|the\ full\ (?:story|article))|see\ also|show\ more|load\ more|view\ more
    | continue\ reading|back\ to\ top|to\ the\ top
    | (?:next|previous|older|newer)\ (?:articles?|story|stories|pages?|posts?|entry|entries)
    | related\ (?:articles|stories|news|posts|content|topics)|most\ (?:read|popular|viewed|shared)|top\ stories
    | follow\ us(?:\ on\ \w+)?|subscribe\ (?:to|for)(?:\ \S+){1,5}
    | sign\ (?:in|up|out)|log\ (?:in|out)|create\ an?\ account|my\ account
    | leave\ a\ (?:comment|reply)|(?:view|show|hide)\ comments|add\ (?:a\ )?comment|print\ this(?:\ \w+)?
    | share\ (?:this|on|via|the)(?:\ \w+){0,3}|email\ this(?:\ \w+)?|copy\ link|send\ to\ a\ friend
    | (?:our|the)\ newsletter|get\ the\ app|download\ (?:the|our)\ app|advertise\ with\ us|contact\ us|about\ us
    | privacy\ policy|terms\ of\ (?:use|service)|cookie\ (?:policy|settings)|all\ rights\ reserved
    | (?:alle\ rechte\ vorbehalten|tous\ droits\ réservés|todos\ los\ derechos\ reservados|tutti\ i\ diritti\ riservati
        |todos\ os\ direitos\ reservados|alle\ rechten\ voorbehouden|wszelkie\ prawa\ zastrzeżone
        |všechna\ práva\ vyhrazena|všetky\ práva\ vyhradené)(?:\W+[^.!?]{0,60})?
    | [^.!?]{0,60}(?:©\ ?\d{4}|\d{4}\ ?©)[^.!?]{0,60}|(?:\w+\ ?:\ ?)?©[^.!?]{1,80}
    | (?:zum|zur)\ (?:inhalt|hauptinhalt|hauptmenü|navigation|suche)(?:\ springen)?|springe\ (?:direkt\ )?zu
    | (?:aller|passer)\ (?:au|à\ la)\ (?:contenu|navigation)|(?:ir|saltar)\ al\ (?:contenido|menú)|vai\ al\ contenuto
    | (?:ir|pular)\ para\ o\ conteúdo|naar\ (?:de\ )?(?:inhoud|hoofdinhoud)
    # "You are here:" labels a breadcrumb; without the colon it may be a sentence of the text.
    | powered\ by(?:\ \S+){1,3}|(?:you\ are\ here|sie\ sind\ hier|sie\ befinden\ sich\ hier|vous\ êtes\ ici
        |usted\ está\ aquí|sei\ qui)\ ?:
    | (?:(?:folge|folgen\ sie)\ uns|suivez[-\ ]nous|síguenos|seguici|siga-nos|volg\ ons|findet\ uns\ auch)
        (?:\ (?:auf|sur|en|su|no|op)(?:\ \S+)?|\ überall)?
    # The buttons and states above as German and French pages write them: loading, back to top, like, accept, manage
    # consent, click here, share by e-mail, join the other followers, switch to the mobile view.
    | (?:wird\ geladen|chargement)(?:\.\.\.|…)?|(?:zurück\ )?nach\ oben|zum\ seitenanfang
        |retour\ en\ haut(?:\ de\ (?:la\ )?page)?
    | gefällt\ mir|(?:ok,?\ )?(?:ich\ )?bin\ einverstanden|alle\ (?:cookies\ )?akzeptieren|tout\ accepter
    | (?:zustimmung|einstellungen|cookies?)\ verwalten|gérer\ (?:le\ consentement|les\ cookies|mes\ choix)
    | (?:bitte\ )?hier\ klicken|klicken\ sie\ hier|cliquez\ ici
    | (?:an\ )?e-?mail-adresse\ senden|per\ (?:whatsapp|messenger|facebook|twitter|telegram|sms)\ (?:teilen|senden)
    # (The count and its spaces taken whole, then a space looked back at: a run given back one character at a time
    # was searched again each time, in time growing with the square of a long line's length.)
    | (?:schließe\ dich|rejoignez)\ [\d.,\ ]{2,}+(?<=\ )(?:anderen\ |autres\ )?(?:followern|abonnés)(?:\ an)?
    | join\ [\d,]+\ other\ (?:followers|subscribers)
    | rate\ (?:this|the)\ (?:article|story|post|page|material|news|publication)
    # A like button's call as MT renders Russian sites' "Поставьте лайк, если …", "Ставьте лайки и подписывайтесь".
    | (?:put|give|leave|hit|smash)\ (?:us\ |it\ |this\ \w+\ )?(?:a\ |that\ |the\ )?(?:likes?|thumbs[\ -]up)
        (?:\ button)?(?:,?\ (?:if|and|to)\ [^.!?]{1,60})?
    | like\ and\ (?:subscribe|share)(?:\ [^.!?]{1,60})?
    # Latin American sites' buttons and states in MT: "Descarga nuestra app para Android e iOS", "Sigue leyendo en
    # nuestro sitio", "Temas de la nota", "El enlace ha sido copiado", an audio player's time.
    | download\ (?:the|our)\ (?:\w+\ )?app(?:\ (?:for|on)\ [^.!?]{1,40})?
    | (?:keep|continue)\ reading(?:\ (?:the\ )?(?:news|more|the\ (?:article|story|note)))?\ (?:on|in)\ (?:our|the)
        \ (?:website|site|app|page)
    | (?:topics|tags|themes|keywords)\ (?:of|in)\ (?:the|this)\ (?:note|article|news|story|post|publication)
    | (?:the\ )?link\ (?:has\ been\ |was\ |is\ )?copied(?:\ to\ (?:the\ |your\ )?clipboard)?
    | \d{1,2}:\d\d(?::\d\d)?\ ?/\ ?\d{1,2}:\d\d(?::\d\d)?
    # A messenger's QR code (Chinese sites' "扫码关注", "长按识别二维码"), a button named in quotation marks ("Click
    # "Read the original" to learn more"), the way back to a list, a view counter.
    | (?:scan|long[\ -]press)(?:\ (?:to\ )?(?:identify|recognize|scan))?\ (?:the\ |this\ )?(?:qr\ )?code
        (?:\ (?:below|above))?(?:\ (?:to|and)\ [^.!?]{1,40})?
    | (?:click|tap|press)\ (?:on\ )?["“«'‘][^"”»'’]{1,30}["”»'’](?:\ (?:to|for|and)\ [^.!?]{1,40})?
    | (?:return|back|go\ back)\ to\ (?:the\ )?(?:list|index|(?:list\ of\ )?(?:news|articles|stories|posts)
        |(?:news|article|post)s?\ list|main\ page|section)
    | (?:views?|reads?|hits)\ ?:\ ?\d[\d\ ,.]*+k?|\d[\d,.]*+k?\ (?:views|reads)
    | zur\ (?:mobilen|desktop)[-\ ]?ansicht(?:\ wechseln)?|zur\ merkliste\ (?:hinzufügen|hinzugefügt)
    | (?:teilen|teile|bewerten|drucken|partager|imprimer)\ ?:
    # Share buttons in the other languages MT is read in ("Partager sur Twitter", "Envoyer par e-mail").
    | (?:partager|partagez|teilen|compartir|comparte|condividi|compartilhar|compartilhe|delen|deel|поделиться)
        (?:\ (?:sur|auf|en|su|no|op|via|par|per|в|на)\ \S+(?:\ \S+)?)?
    | envoyer\ par\ e-?mail|per\ e-?mail\ (?:senden|teilen|versenden)|enviar\ por\ (?:e-?mail|correo)
        |invia\ per\ e-?mail
    # The commonest buttons in the other languages MT is read in: read more, read also, more on the topic, subscribe.
    | weiterlesen|mehr\ (?:lesen|erfahren|zum\ thema|dazu)|lesen\ sie\ auch
        |jetzt\ (?:\w+\ )?(?:registrieren|abonnieren|anmelden|lesen)
        |lire\ la\ suite|en\ savoir\ plus|leer\ más|seguir\ leyendo
        |leggi\ (?:di\ più|tutto)|continua\ a\ leggere|leia\ mais|lees\ meer
    | """ + READ_ALSO_OTHER + r"""
        |(?:abonnez-vous|inscrivez-vous|suscríbete|suscribirse|iscriviti|inscreva-se|assine|abonneer|abonnieren\ sie)
            (?:\ \S+){0,5}
    | continue\ reading(?:\ below)?|(?:the\ )?story\ continues(?:\ below)?(?:\ advertisement)?
    | click\ (?:here\ )?to\ (?:expand|enlarge|view|read|see|play|subscribe)|tap\ to\ (?:expand|view|play)
    | listen\ to\ (?:this|the)\ (?:article|story|podcast)|(?:watch|view|play)\ (?:the\ )?(?:video|gallery|slideshow)
    | scroll\ (?:down|to\ continue)|open\ in\ (?:the\ )?app|loading(?:\.\.\.|…)?|skip\ (?:ad|advert)
    | back\ to\ (?:home|homepage|the\ homepage)|view\ (?:all|gallery)|see\ all|more\ (?:news|stories|from\ \w+)
    | читайте\ также|смотрите\ также|читать\ (?:далее|также|полностью)|показать\ (?:ещё|еще|больше)|наверх
    | прямой\ эфир|главное\ за\ (?:день|неделю)|все\ новости|новости\ партн[её]ров|политика\ конфиденциальности
    | все\ права\ защищены|пользовательское\ соглашение|сообщить\ об\ ошибке|нашли\ ошибку\?
    | also\ read|related|(?:our|special)\ projects|(?:news|topic|story|photo|video|quote)\ of\ the\ (?:day|week)
    | (?:\S+\ ){1,2}(?:in|on)\ (?:telegram|max|dzen|zen|vk|vkontakte|whatsapp|viber|odnoklassniki|rutube)
    | (?:\p{Lu}[\p{L}\-\ ]{1,30}\ )?[+−\-]?\d{1,3}\ ?°\ ?[CF]?
    # A comment's header ("Tracy Ed says:"), a licence's or a validator's badge.
    | (?-i:(?!(?:I|He|She|It|They|We|You|Who|Everyone|Someone|This|That)\ )
        \p{Lu}[\w.'’\-]*(?:\ \p{Lu}[\w.'’\-]*){0,3})\ says\ ?:
    | (?:licensed\ under\ )?(?:a\ |the\ )?creative\ commons(?:[\ \-][\w\-]+){0,4}
        (?:\ v?\d\.\d)?(?:\ (?:international|unported|generic))?(?:\ licen[cs]e(?:\ v?\d\.\d)?)?
    | cc\ by(?:-[a-z]{2}){0,2}(?:\ \d\.\d)?|valid\ (?:\(x\))?x?html(?:\ ?\d(?:\.\d+)?)?|valid\ css(?:\ ?\d)?
    | you\ (?:may|might)\ (?:also\ )?(?:like|be\ interested(?:\ in)?)|don'?t\ miss
    | editor'?s\ (?:picks?|choice)|(?:from|news\ from)\ our\ partners|(?:estimated\ )?reading\ time\W+\d+\ ?min\w*
    | (?:the\ )?(?:photo|image|picture)\ is\ (?:illustrative|for\ illustration(?:\ purposes)?(?:\ only)?)
    | (?:photo|image|picture)\ for\ illustration(?:\ purposes)?(?:\ only)?
    | (?:have\ a\ (?:story|news\ tip|tip)\W+)?(?:write\ to\ us|send\ us\ (?:your\ )?(?:news|a\ tip|tips|stories))
    | (?:age\ (?:restriction|limit|rating)\W*)?(?:0|6|12|16|18)\+
    | вам\ (?:может\ быть|будет)\ интересно|время\ чтения\W+\d+\ ?мин\w*
    | (?:tags|tagged(?:\ (?:with|as|in))?|теги|метки)\ ?:[^.!?]{1,80}
    # A site's counters ("[ 167 comments ]", "This story has been shared 19,590 times."), its sharing widget.
    | \d[\d,.]*\ comments?|with\ \d[\d,]*\ (?:posters|commenters|people)\ participating
    | shared\ \d[\d,.]*\ times|follow\ (?:\S+\ ){1,4}online|all\ sharing\ options(?:\ for)?|all\ systems\ operational
    # A logo's label ("The Verge homepage"), a share button of one platform ("Pin it"), a newspaper's digital
    # edition, a site's own pages.
    | (?:[\w.'’&\-]+\ ){0,4}home\ ?page|pin\ it|(?:today['’]s\ )?e-?(?:edition|newspaper|paper)(?:\ demo)?
    | place\ an?\ (?:classified\ )?ad|(?:careers|jobs|work)\ with\ us|term\ of\ use
    # A read time with its date ("Mar 17 · 11 min read", scraped as "Mar 1711 min"); a language or country picker.
    | (?:on\ )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\ \d{1,2}(?:,\ \d{4})?\W{0,3}\d{1,2}\ ?min
        (?:\ read)?|\d{1,2}\ ?min(?:ute)?s?\ read
    | (?:choose|select|change)\ (?:a|your)\ (?:language|country|region|edition|location)
    # A cookie banner's buttons in the other languages of the web: more information, got it.
    | meer\ informatie|mehr\ informationen|plus\ d['’]informations|más\ información|maggiori\ informazioni
        |mais\ informações|ik\ snap\ het|j['’]ai\ compris|ho\ capito
    )\W*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
# Lines of a web page's forms and widgets that a printed form, an agenda, a price list or a brochure has too: page
# furniture on a page that is a web page by other lines, never the sign that it is one (a registration form's
# "First name*" and an agenda's "10:15 am" are the document's own).
FORM_LINE_RE = regex.compile(
    r"""^\W*(?:
    # A form's fields and states: a required field's label ("Last name*"), a name or address asked for, a process
    # under way ("Saving...", "Team list is loading..."), an empty notification list, a sign-in prompt.
      (?<!\*)(?:[\p{L}'’\-]+\ ){0,2}[\p{L}'’\-]+\ ?\*(?!\*)|(?:your\ )?(?:first|last|full|sur|user)\ ?name|your\ name
        |(?:your\ )?e-?mail\ address
    | (?:saving|submitting|sending|processing|uploading|posting|please\ wait)(?:\.\.\.|…)
        |(?:[\w\-]+\ ){0,2}(?:is|are)\ loading(?:\.\.\.|…)
    | you\ have\ no\ (?:new\ |pending\ |unread\ )?(?:notifications|messages)|please\ (?:sign|log)\ in
        |sign\ up\ (?:to|for)(?:\ \S+){1,5}
    # A time stamp: an ISO one, a time of day (with a weekday), a date with its time ("August 27, 2018 at 7:21 am").
    | \d{4}-\d{2}-\d{2}[t\ ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+\-]\d{2}:?\d{2})?
    | (?:(?:mon|tue|wed|thu|fri|sat|sun)\p{L}*\W{1,2})?\d{1,2}[:.]\d{2}\ ?[ap]\.?m\.?(?:\ [a-z]{2,4})?
    | (?:\p{L}+\ \d{1,2},?\ \d{4}|\d{1,2}\ \p{L}+\ \d{4})(?:\W{1,4}|\ at\ )\d{1,2}:\d{2}(?:\ ?[ap]\.?m\.?)?
        (?:\ [a-z]{2,4})?(?:\ \([^()]{1,20}\))?
    # A price per period ("$7/month"); where a site asks to be followed ("Connect With Us", "Find us on Facebook").
    | \p{Sc}\ ?\d[\d,.]*\ ?(?:/|\ per\ |\ a\ )(?:person/|user/|seat/)?(?:month|mo|year|yr|week|wk|day)
    | (?:connect|get\ connected)\ with\ (?:us|(?:the\ )?\S+)|(?:find|like|check)\ us\ (?:out\ )?on\ \S+(?:\ \S+)?
        |stay\ (?:informed|connected|in\ the\ know)
    # A newsletter's days ("Morning Jolt (M-F)") or rate ("7x per week"); a prompt's refusal; the terms (a contract's
    # heading too).
    | [^()]{1,40}\(m\ ?[\-–]\ ?(?:f|sa|su)\)|\d{1,2}\ ?(?:x|times)\ (?:per|a)\ (?:week|month|day)
    | no,?\ thanks?|not\ now|maybe\ later|(?:standard\ )?terms\ (?:and|&)\ conditions
    )\W*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
# Sentences typical of banners and of a site's own notices (cookie consent, paywalls, newsletters, channels, the typo
# report, the imprint, disclaimers, a dateline, a copyright line): chrome even when long.
BANNER_RE = regex.compile(
    r"""\b(?:we\ use\ cookies|uses\ cookies|use\ of\ cookies|accept\ (?:all\ )?cookies|cookie\ settings
    | (?:subscribe|sign\ up)\ (?:to|for)\ (?:our|the)\ newsletter|enable\ javascript|your\ browser\ (?:does|is)
    | (?:(?<=^\W*)|(?<=[.!?…:—–-]\s*))(?:subscribe\ to|join|follow)\ (?:us\ on|our|my)\ (?:[\w-]+\ ){0,2}(?:channel
        |newsletter|mailing\ list|telegram|youtube|zen|dzen|vk|vkontakte|whatsapp|viber|instagram|facebook|twitter
        |tiktok)
    | (?:error|mistake|typo|inaccura|select|highlight|ошибк|опечатк|неточност|выдел)\w*\b.{0,80}
        \b(?:ctrl|cmd)\ ?\+\ ?enter
    | мнение\ редакции\ (?:может\ )?не\ (?:совпада|отража)\w*
    | (?:mass\ )?media\ (?:outlet\ )?registration\ certificate
    | certificate\ of\ registration\ of\ (?:the\ )?(?:mass\ )?media
    | company\ registration\ (?:number|no)\b\W*\d+
    | editorial\ (?:office|board|staff)\ (?:may\ not|does\ not\ necessarily)\ (?:share|coincide)
    | may\ not\ (?:coincide|agree)\ with\ the\ (?:opinion|position|views?)\ of\ the\ editor\w*
    | not\ intended\ for\ (?:persons|people|children|users|readers)\ under\ (?:the\ age\ of\ )?1[268]
    | hyperlink\ to\ (?:the\ )?(?:site|source|website|original)\ is\ (?:required|mandatory|obligatory)
    | ^(?:phone|tel|telephone|fax)(?:\ of\ the\ (?:editorial\ office|newsroom))?\.?\ ?:\ ?\+?\(?\d+
    | ^comments\ (?:are\ )?(?:now\ )?(?:closed|disabled)(?=\W*$)
    | ^this\ (?:article|story|post|piece|column|content)\ (?:was\ )?(?:originally|first)\ (?:appeared|published|ran)
    | (?:we|i)\ may\ (?:earn|receive|get)\ (?:a\ )?(?:small\ )?(?:commission|compensation)|contains?\ affiliate\ links
    | views\ expressed\ .{0,40}\ are\ (?:the\ |those\ of\ the\ )?authors?'?s?\ own
    | ^(?:disclaimer\W+)?the\ (?:views|opinions)\ expressed\ .{0,40}\ are\ (?:solely\ )?(?:those\ of\ the\ )?
        authors?'?s?\b
    # A reprint notice, as Chinese sites write it ("声明：本文转载自网络，版权归原作者所有"): reproduced from elsewhere,
    # the copyright the original author's, not the site's position.
    | (?:reproduced|reprinted)\ from\ .{0,60}\b(?:copyright|original\ author|infringement)
    | copyright\ (?:belongs\ to|remains\ with|is\ owned\ by)\ the\ original\ (?:author|source|publisher)s?
    | does\ not\ represent\ the\ (?:position|views?|opinion)\ of\ this\ (?:site|website|platform|newspaper|account)
    | (?:views|opinions)\ expressed\ .{0,60}\ do\ not\ (?:necessarily\ )?reflect|trust\ principles
    | news\ tips?(?=\?)|^(?:got|have)\ a\ tip(?=\?\W*$)|we\ want\ to\ hear\ from\ you
    | (?:free\ )?(?:articles?|stories)\ (?:remaining|left)\ this\ month
    | unlimited\ (?:digital\ )?access\ for\ (?:just\ |only\ |less\ than\ )?\p{Sc}
    | already\ a\ (?:subscriber|member)(?=\?)
    | (?:content|article|story|note|material)\ is\ (?:exclusive(?:ly)?|only\ available|reserved|available\ only)
        \ (?:for|to)\ (?:our\ )?(?:subscribers|members|premium)
    # A feedback widget's question about the page itself, alone on its line.
    | ^(?:did\ you\ (?:like|enjoy)|do\ you\ like)\ this\ (?:article|story|post|page|material|news)(?=\?\W*$)
    | ^(?:was|is)\ this\ (?:article|story|post|page|information|answer)\ (?:helpful|useful|interesting)(?=\?\W*$)
    | ^how\ (?:useful|helpful|interesting)\ (?:was|is)\ this\ (?:article|story|post|page|information)(?=\?\W*$)
    | (?:content|video|page)\ is\ not\ available\ in\ your\ (?:region|country|location)
    | ^(?:publié|mis\ à\ jour|veröffentlicht|aktualisiert|publicado|actualizado|pubblicato|aggiornato|atualizado
        |gepubliceerd|bijgewerkt)(?:\ (?:le|am|el|il|em|op|on))?\W+\d{1,2}\b(?=.{0,40}$)
    # (A month's or a day's name whole or cut: "Updated | Deceased crash victims identified" is a headline.)
    | ^(?:last\ )?(?:updated?|published|posted)(?:\ on|\ at)?\W+(?:\d{1,2}\w*|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?
        |apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?
        |tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b(?=.{0,40}$)
    | (?<=^\W*(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)))?\s*)\d{4}\b|^copyright\ \d{4}\b
    | ^(?:image|media|video|photo)\ caption\b
    | ^thanks?\ (?:you\ )?for\ reading(?=\W*$)|^thanks?\ (?:you\ )?for\ (?:signing\ up|subscribing|registering)\b
    | ^this\ page\ was\ last\ (?:modified|edited|updated)\b|(?:content|text)\ is\ available\ under\ (?:the\ )?(?:terms
        \ of\ the\ )?(?:creative\ commons|cc[\ -]by|gnu\ free)
    | ^(?:please\ )?enter\ an?\ (?:valid\ |non-empty\ )?(?:search\ (?:term|query)|e-?mail(?:\ address)?|password
        |username)(?=\W*$)|^don['’]?t\ show\ (?:me\ )?this\ (?:message\ )?again(?=\W*$)
    # A newsletter's name ("KXAN Daily Forecast Newsletter"), not a sentence ("Ask at reception for our newsletter.").
    | ^(?:[\w'’&-]+\ ){0,5}newsletter(?=[^\w.]*$)
    | \b(?:delivered|sent|direct|straight)\ (?:straight\ |directly\ )?to\ your\ inbox
        (?=[^.]*$|(?:\ (?:daily|weekly|monthly|every\ (?:day|week|weekday|morning)|each\ (?:day|week)))?[.!]?$)
        |\bemailed\ to\ you\b
        |^get\ (?:our|the)\ .{1,60}\bdelivered\ (?:right\ |straight\ |directly\ )?to\ you\b
        |^never\ miss\ an?\ (?:story|thing|post|beat|headline|deal|update)
    | ^support\ (?:independent|local|our|quality)\ journalism|^become\ a\ (?:member|subscriber|patron|supporter)(?=\W*$)
    | (?<=^\W*)join\ (?:the\ |[\w-]+\ ){0,2}mailing\ list
    | ^do\ not\ sell\ (?:or\ share\ )?my\ (?:personal\ )?info(?:rmation)?\b|^ad\ ?choices(?=\W*$)
    | ^(?:already\ have|don['’]?t\ have|do\ not\ have|need)\ an\ account\W+(?:log|sign|register|create)
    | required\ fields\ are\ marked|(?<=^\W*)indicates\ required(?=\W*$)|(?<=[.!?]\ )powered\ by(?:\ [\w.-]+){1,3}
        (?=\W*$)
    | ^fork\ me\ on\ github|^filed\ under\b|^(?:posted|published|written)\ by\W*$|^you(?:['’]re|\ are)\ now
        \ subscribed|(?:deactivate|disable|turn\ off|pause)\ (?:your\ )?ad\ ?blocker|^(?:enable|disable|manage)
        \ (?:or\ (?:enable|disable)\ )?cookies|\bby\ u/[\w-]{3,20}(?=\W*$)
    | ^by\ (?:signing\ up|subscribing|registering|clicking|submitting|continuing\ to\ (?:use|browse))\b.{0,40}
        \byou\ (?:agree|accept|consent)
    | ^(?:get|receive|sign\ up|subscribe)\b.{0,60}\b(?:to|in)\ your\ inbox
    # A sign-up form's prompts and messages, a marketing consent box, an empty comment list.
    | ^(?:please\ )?enter\ your\ (?:(?:first\ |full\ )?name\ and\ (?:your\ )?)?e-?mail\b
    | ^(?:receive|get)\ (?:news|offers|mail|e-?mails|updates)\b.{0,40}\bfrom\ (?:us|our)\b
    | (?:check|update|manage)\ (?:your\ )?mailing\ preferences|e-?mail\ check\ failed|subscription\ implies
        \ consent|^view\ previous\ campaigns|^(?:sorry,?\ )?no\ comments?\ (?:are\ |were\ )?(?:found|yet)
        |^be\ the\ first\ to\ comment
    # A web page's notices: a share count, a sign-in widget, a printout's address, delayed market data, a status page,
    # the mail to come.
    | ^this\ (?:story|article|post|video)\ has\ been\ shared\ \d[\d,.]*\ times|^other\ ways\ to\ (?:sign|log)\ in
    | ^this\ page\ was\ (?:printed|saved|downloaded)\ from|^this\ page['’]s\ (?:url|address)\ is
    | quotes\ (?:are\ )?delayed\ (?:by\ )?(?:a\ minimum\ of\ |at\ least\ |up\ to\ )?\d+\ min(?:ute)?s?|our\ status\ page
    | ^powered\ by\ (?:[\w.-]+\ ){0,3}[\w.-]+(?=\W*$)|(?<=^\s*©\s*)\w+|keep\ an\ eye\ on\ your\ inbox
    | (?:coming|straight|right)\ to\ your\ inbox|^(?:\w+\W+){0,3}in\ your\ inbox(?=\W*$)
    | ^don['’]?t\ miss\ a\ (?:brief|story|thing|beat|post|headline)
    | all\ rights\ reserved|reproduction\ .{0,30}\ prohibited|click\ here\ to|opens?\ in\ (?:a\ )?new\ (?:tab|window)
    | используем\ (?:файлы\ )?cookie|файлы\ cookie|все\ права\ защищены|перепечатка\ .{0,40}\ запрещена
    | подпишитесь\ на\ наш|включите\ javascript)\b""",
    regex.IGNORECASE | regex.VERBOSE,
)

# What every BANNER_RE match holds, in the line as folded by :func:`folded`: a line without any of them is no banner.
BANNER_WORDS = ("cookie", "newsletter", "javascript", "your browser", "rights reserved", "reproduction",
                "click here to", "in new ", "in a new ", "права защищены", "перепечатка", "подпишитесь на наш",
                "subscribe to", "join", "follow", "ctrl", "cmd", "comments", "registration", "editor", "under 1",
                "hyperlink", "phone", "tel", "fax", "originally", "first", "commission", "compensation", "affiliate",
                "expressed", "principles", "news tip", "a tip", "hear from you", "this month", "access", "already a",
                "not available", "update", "published", "posted", "©", "(c)", "copyright", "caption", "thank",
                "this page was", "available under", "this article", "this story", "this post", "this page",
                "this material", "this news", "this information", "this answer", "enter a", "show this",
                "show me this", "sell my", "choices",
                "an account", "required", "powered by", "fork me", "filed under", "written by", "subscribed", "blocker",
                "by u/", "emailed to you", "delivered", "never miss", "journalism", "become a", "mailing list",
                "enter your", "from us", "from our", "mailing preferences", "check failed", "implies consent",
                "previous campaigns", "no comment", "first to comment", "been shared", "other ways", "this page's",
                "this page’s", "delayed", "status page", "miss a", "мнение редакции", "by signing", "by subscribing",
                "by registering", "by clicking", "by submitting", "by continuing", "your inbox", "publié", "mis à jour",
                "veröffentlicht", "aktualisiert", "publicado", "actualizado", "pubblicato", "aggiornato", "atualizado",
                "gepubliceerd", "bijgewerkt", "reproduced", "reprinted", "original author", "original source",
                "original publisher", "does not represent",
                "exclusive", "only available", "reserved for", "available only")

# A form's messages and an offer's terms, as FORM_LINE_RE's lines: furniture on a web page, in a printed form or a
# brochure too (so never the sign of a web page): an error, a confirmation, a choice asked for, a promise about the
# mail to come, a plan's price, a licence.
FORM_MESSAGE_RE = regex.compile(
    r"""\b(?:there\ was\ an?\ (?:error|problem)\ (?:processing|submitting|sending|with)\ your\ (?:subscription|request
        |submission|message|sign-?up|form|e-?mail)|had\ a\ problem\ (?:sending|submitting|processing)\ your
    | ^your\ (?:e-?mail|message|comment|submission)\ (?:has\ been|was)\ (?:sent|submitted|received|posted)
    | ^you(?:\ have|['’]ve)\ (?:been\ )?(?:succ?ess?fully\ )?(?:subscribed|signed\ up|registered)
    | ^(?:sign\ up|subscribe|register)\ (?:to|for)\ [^.!?:]{1,40}\w(?=:\W*$)
    | ^invalid\ e-?mail|please\ (?:check|tick)\ the\ (?:opt-?in\ |consent\ )?(?:box|checkbox)
    | ^(?:please\ )?select\ (?:the\ |at\ least\ one\ )(?:newsletters?|topics?|interests?|options?|categor(?:y|ies))
    | you['’]ll\ (?:get|receive)\ your\ first\ (?:e-?mail|newsletter|issue)|(?:we\ will|we['’]ll)\ only\ send\ you
    | (?:can|may)\ send\ me\ (?:\S+\ ){0,4}(?:newsletters?|e-?mails?|offers|updates)\b
    | handling\ my\ (?:personal\ )?info(?:rmation)?\ as\ explained
    | (?:^|(?<=[.!?]\ ))(?:get|sign\ up\ for|keep\ up\ with|subscribe\ to)\ (?:the\ |our\ )(?:[\w'’&-]+\ ){0,3}
        newsletter\b
    | ^sign\ up\ (?:to|and)\ (?:get|receive)\b
    | (?:subscribe|sign\ up)\ (?:to|for)\ our\ (?:daily\ |weekly\ |free\ |morning\ |evening\ )+(?:e-?mails?|alerts?
        |digest|briefing)|(?:^|(?<=[.!?]\ ))stay\ (?:up\ to\ date|current|informed)\ with\ [^.!?]{2,30}(?=[.!]?$)
    | we\ accept\ (?:all\ major\ )?credit\ cards?|plan\ you\ can\ cancel\ any\ ?time|first\ month\ (?:is\ )?free
    | \bis\ licensed\ under\ (?:a\ |the\ )?creative\ commons)\b""",
    regex.IGNORECASE | regex.VERBOSE,
)
# What every FORM_MESSAGE_RE match holds, in the line as folded by :func:`folded`.
FORM_MESSAGE_WORDS = ("there was a", "had a problem", "your email", "your e-mail", "your message", "your comment",
                      "your submission", "subscribed", "signed up", "registered", "sign up", "subscribe", "register",
                      "invalid", "please check", "please tick", "select the", "select at", "your first", "only send",
                      "send me", "handling my", "newsletter", "stay up", "stay current", "stay informed",
                      "credit card", "cancel any", "first month", "creative commons")

# The mechanics of a web site (accounts, comments, e-mail, the browser, the page itself). A sentence the site writes to
# its reader names two of them and addresses the reader ("Notify me of new posts by email.", "There was a problem.
# Please refresh the page and try again."); an article's sentence about them rarely does both (English only).
WEB_MECHANICS_RE = regex.compile(
    r"""\b(?:e-?mails?|comments?|browser|cookies?|javascript|newsletters?|mailing\ lists?|subscri\w*|notifications?
    |passwords?
    | log-?\ ?in|logged\ in|sign-?\ ?in|sign-?\ ?up|accounts?|(?:re)?captcha|refresh|reload|click|tap|download
    | inbox|username|website|web\ ?page|page|posts?|repl(?:y|ies)|notify|required\ fields|published)\b""",
    regex.IGNORECASE | regex.VERBOSE,
)
# What a button's verb acts on besides the mechanics above: "Allow Notifications", "Update Consent", "Edit Profile".
BUTTON_OBJECT_RE = regex.compile(r"\b(?:consent|settings|preferences|profile|cart|checkout|privacy)\b",
                                  regex.IGNORECASE)
BUTTON_VERBS = frozenset(("update", "enable", "disable", "reset", "create", "change", "edit", "delete", "remove",
                          "cancel", "close", "reply", "post", "submit", "upload"))
READER_ADDRESS_RE = regex.compile(
    r"""\b(?:you|your|yours|you're|please|sorry)\b
    | ^\W*(?:notify|save|click|check|sign|log|enter|subscribe|allow|enable|register|follow|share|e-?mail|tap
        |download|update|manage|accept|reject)\b""",
    regex.IGNORECASE | regex.VERBOSE,
)

# The same for German pages (a blog's comment form, a newsletter's box: "Benachrichtige mich über neue Beiträge per
# E-Mail.", "Ihr Blog kann leider keine Beiträge per E-Mail teilen."). Not "Seite" (a side) nor "Beitrag" alone in the
# singular (einen Beitrag leisten), and the reader addressed as German sites do: du or Sie (capitalised inside the
# line: after a space, the line read stripped), bitte, leider, or a form's imperative opening the line.
GERMAN_MECHANICS_RE = regex.compile(
    r"""\b(?:e-?mails?|e-?mail-\w+|kommentar\w*|kommentier\w*|browser\w*|cookies?|javascript|newsletter\w*
    | abonn\w*|benachrichtig\w*|passw(?:o|ö)rt\w*|kennw(?:o|ö)rt\w*|anmeld\w*|abmeld\w*|einlogg\w*|login|benutzer\w*
    | registrier\w*|captcha|posteingang|website|webseite|beiträge|formular\w*|pflichtfeld\w*|follower\w*|blog)\b""",
    regex.IGNORECASE | regex.VERBOSE,
)
GERMAN_READER_ADDRESS_RE = regex.compile(
    r"""\b(?i:du|dich|dir|dein\w*|euch|euer|eure\w*|bitte|leider)\b
    | (?<=\s)(?:Sie|Ihnen|Ihr|Ihre\w*)\b
    | ^\W*(?i:benachrichtige|informiere|klicke?|teile|folge|abonniere|melde|gib|trage|lade|speichere|registriere
        |besuche|schreibe|kontaktiere|bestätige|überprüfe|versuche|schließe)\b""",
    regex.VERBOSE,
)

# Photo and picture agencies that make up credit lines on their own ("AFP/Getty Images").
AGENCIES = (
    r"Getty\ Images|Shutterstock|Alamy|iStock(?:photo)?|Unsplash|Pixabay|Depositphotos|Flickr|Wikimedia\ Commons"
    r"|AFP|AP|EPA(?:-EFE)?|Reuters|REUTERS|Xinhua|Sputnik|TASS|ТАСС|РИА\ Новости|RIA\ Novosti|Global\ Look\ Press"
    r"|Bloomberg|PA(?:\ Media|\ Wire)?|dpa|ANP|Anadolu|Kommersant|Коммерсантъ|Известия|Izvestia|Interpress"
    r"|Photo\ ?XPress|Legion-Media|Lori|Лори|Zuma|ZUMA\ Press|SIPA|Imago|IMAGO|NurPhoto|Pool|POOL|UPI"
    r"|[Pp]icture[\ -]alliance|Keystone|Magnum\ Photos|Corbis|Kyodo|Yonhap|ANSA|Interfax|Интерфакс|Associated\ Press"
)
PHOTO_LABELS = (
    r"Photos?|Photograph(?:s|er)?|Images?|Pictures?|Pictured|Illustration|Video|Credit|Credits|Screenshot|Collage"
    r"|Фото(?:графия)?|Изображение|Иллюстрация|Видео|Кадр|Скриншот|Коллаж|Снимок|Источник\ фото"
    # The label in other languages of MT targets: German, French, Spanish, Italian, Portuguese, Dutch, Polish, Czech.
    r"|Fotos?|Bild(?:er)?|Abbildung|Grafik|Crédits?\ photos?|Photographie|Imagen|Immagine|Imagem|Afbeelding"
    r"|Zdjęcie|Fot\.|Snímek|Obrázek"
    # A picture's source or author as MT renders Russian sites' "Источник фото:", "Автор фото:": a label whatever
    # its value ("Source of photo: press service of the ministry").
    r"|(?:Photo|Image|Picture|Video)\ (?:source|author)|(?:Source|Author)\ of\ (?:the\ )?(?:photo|image|picture|video)"
)
# Labels that are words of a sentence too ("Still, the question remains", "Frame by frame"): with a colon and a name
# only ("Graphics: the economy in numbers" is a caption). The English of Russian news sites' "Кадр:", "Снимок:",
# "Инфографика:" in MT.
COLON_PHOTO_LABELS = r"Frame|Still|Snapshot|Footage|Infographics?|Graphics?"
# A picture made by a generative model: "Image created with artificial intelligence", "Illustration generated by AI".
AI_MADE = (r"(?:created|generated|made|produced)\s+(?:with|by|using)\s+(?:the\s+help\s+of\s+)?(?:an?\s+)?"
           r"(?:artificial\s+intelligence|AI|A\.I\.|neural\s+networks?|generative\s+AI|Midjourney|DALL[-·]?E"
           r"|Stable\s+Diffusion)\b")
PHOTO_CREDIT_RE = regex.compile(
    rf"^\s*(?:(?:{PHOTO_LABELS})\s+(?={AI_MADE})|(?:{PHOTO_LABELS})\s*(?:credit\s*)?(?::|©|by\b|—|–|\|)"
    # "Main photo: RIA Novosti / Ilya Pitalev", "Cover image: Reuters": a word before the label, a colon and a name.
    rf"|(?:(?:\p{{L}}+\ )?(?:{COLON_PHOTO_LABELS})|\p{{L}}+\ (?:photo|image|picture|video))"
    r"\s*:(?=\s*(?-i:[\p{Lu}©@])))"
    r"\s*\S.*$",
    regex.IGNORECASE | regex.VERBOSE,
)
AGENCY_LINE_RE = regex.compile(
    rf"^\s*(?:©\s*)?(?:\d{{4}}\s+)?(?:{AGENCIES})(?:\s*[/|,]\s*(?:(?:{AGENCIES})|\p{{Lu}}[\p{{L}}.'\-]*(?:\s+\p{{Lu}}[\p{{L}}.'\-]*){{0,3}}))*\s*\.?\s*$",
    regex.VERBOSE,
)
# "…at the parade. Photo: TASS/Mikhail Tereshchenko" — a credit tacked on at the end of a line.
TRAILING_CREDIT_WORDS = ("Photo", "Фото", "Image", "Picture", "Video", "Видео")
TRAILING_CREDIT_RE = regex.compile(
    rf"(?<=[.!?»”\"]\s*|\s)\s*(?:{'|'.join(TRAILING_CREDIT_WORDS)})\s*(?::|©|by\b)\s*\p{{Lu}}[^.!?]{{0,60}}\s*$",
    regex.VERBOSE,
)

MT_ENGINES = r"google|yandex|яндекс|deepl|bing|microsoft|amazon|systran|promt|промт|papago|baidu|гугл|reverso"
MT_CREDIT_RE = regex.compile(
    rf"""(?:machine[-\ ]translated|automatically\ translated|auto-?\ ?translated
    | translated\ (?:by|with|using|via|from\ \w+\ by)\ (?:the\ )?(?:{MT_ENGINES})
    | (?:powered\ by|translation\ by|translation:)\ (?:{MT_ENGINES})
    | переведено\ (?:сервисом|с\ помощью|автоматически|машинным|{MT_ENGINES})
    | (?:машинный|автоматический)\ перевод|перевод\ выполнен)""",
    regex.IGNORECASE | regex.VERBOSE,
)
# What every match of MT_CREDIT_RE, TRANSLATOR_LINE_RE and MT_CREDIT_SHAPE_RE holds, in the line as folded by
# :func:`folded` (MT_ENGINE_LINE_RE, a service's name alone, and MT_ENGINE_CREDIT_RE need none of them).
MT_CREDIT_WORDS = ("translat", "перев", "powered")
# "Translated" in the languages MT is read in, as stems: German, French/Spanish/Italian/Portuguese/Romanian/Catalan,
# Dutch, Polish, Czech/Slovak, Scandinavian, Finnish, Hungarian, Greek, Ukrainian, Bulgarian/Serbian, Turkish,
# Chinese, Japanese, Korean, Arabic, Hebrew, Hindi. With an engine's name on a short line it is a credit in any of
# them ("Übersetzt mit DeepL", "Traduit avec Google Traduction", "Tradotto da Yandex").
TRANSLATED_STEMS = (
    r"übersetz|tradu|vertaal|tłumacz|przetłumacz|přelož|prelož|preklad|översatt|oversat|käännet|fordít|μετάφρ"
    r"|перекла|превод|çevir|翻译|翻譯|翻訳|번역|ترجم|תרגו|अनुवाद"
)
MT_ENGINE_CREDIT_RE = regex.compile(
    rf"(?:{TRANSLATED_STEMS}).{{0,40}}\b(?:{MT_ENGINES})\b|\b(?:{MT_ENGINES})\b.{{0,40}}(?:{TRANSLATED_STEMS})",
    regex.IGNORECASE,
)


def folded(line: str) -> str:
    """``line`` case-folded as the patterns' IGNORECASE reads it, for a test of words the patterns need: the regex
    engine takes "İ" for "i", which str.casefold makes "i" and a combining dot."""
    return line.casefold().replace("i\u0307", "i")


# A line that is just the name of a translation service ("«Яндекс Переводчик»", "Google Translate").
MT_ENGINE_LINE_RE = regex.compile(
    rf"^\W*(?:{MT_ENGINES})[\ -]?(?:translate|translator|переводчик\w*)\W*$", regex.IGNORECASE | regex.VERBOSE
)
# A translator's by-line on its own line: "Translated by Jane Doe", "Перевод: Анна Иванова".
TRANSLATOR_LINE_RE = regex.compile(
    r"^\s*(?:translated\ by|translation\ by|english\ translation\ by|перевод(?:\ с\ \w+)?\s*:|перевел[аи]?|перевёл)"
    r"\s+\S.{0,60}$",
    regex.IGNORECASE | regex.VERBOSE,
)


@lru_cache(maxsize=1 << 16)  # a text repeats its words, and a word is tried against a few hundred stems
def ui_word_kind(word: str, others: bool = False) -> str | None:
    """``"strong"``, ``"weak"`` or None for a lower-cased word, matching stems ending in ``*`` (``others``: the
    words of the other languages' pages too)."""
    lists = _LISTS + _OTHER_LISTS if others else _LISTS
    for kind, words, stems in lists:
        if word in words or word.startswith(stems):
            return kind
    return None


def _stems(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(entry[:-1] for entry in words if entry.endswith("*"))


_LISTS = (("strong", STRONG, _stems(STRONG)), ("weak", WEAK, _stems(WEAK)))
_OTHER_LISTS = (("strong", OTHER_STRONG, _stems(OTHER_STRONG)), ("weak", OTHER_WEAK, _stems(OTHER_WEAK)))

# Credit lines by their shape, whatever the label or agency: capitalised names joined by "/" or "|"
# ("Jane Roe / Keystone"), a label, a colon and such names only ("Source: Kyodo / Jane Roe"), or a short
# lead-in, "of/by/from/via" and names ("Courtesy of Jane Roe").
_NAME_WORD = r"\p{Lu}[\p{L}\p{N}.'’&\-]*"
# The words in lower case a name may have ("Ludwig van Beethoven", "Leonardo da Vinci").
NAME_PARTICLES = frozenset(("de", "del", "da", "van", "von", "der", "den", "la", "le", "di", "du", "bin", "ibn"))
_NAME = rf"(?:©\s*)?{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|de|del|da|van|von|the|for|and|via)){{0,5}}"
_NAMES = rf"{_NAME}(?:\s*[/|,;]\s*{_NAME})*"
# The label form ends without a full stop: "CA: Great." and "Chris Anderson: Welcome, Julian." are a transcript's
# speaker and their words.
CREDIT_SHAPE_RE = regex.compile(
    rf"^\s*(?:{_NAME}\s*[/|]\s*{_NAME}(?:\s*[/|]\s*{_NAME})?\s*\.?|\p{{Lu}}[\p{{L}}\-]*(?:\s+\p{{L}}+)?\s*:\s*{_NAMES}(?<![.!?]))\s*$",
    regex.VERBOSE,
)
# The lead-in names what is credited (a closed class: pictures and their kinds), so "Testimony of Jane Roe" is kept.
CREDIT_LEAD_RE = regex.compile(
    rf"^\s*(?:\p{{Lu}}\p{{Ll}}+\s+)?(?:courtesy|(?:photo|image|picture|graphic|illustration|video|footage|pic|handout)\w*"
    # The names open with a capital, a handle or "the" (the pattern reads case-insensitively, and "Aerial photo taken
    # by a drone shows the flooded area" is a caption).
    rf"|photograph\w*)(?:\s+\p{{Ll}}+)?\s+(?:of|by|from|via)\s+(?=(?-i:\p{{Lu}})|@|the\s){_NAMES}\s*\.?\s*$",
    regex.IGNORECASE,
)
# A news agency's sign-off: "Reporting by Jane Roe in Moscow; Editing by John Smith", "Additional reporting by …";
# every match holds one of SIGN_OFF_WORDS (in the line as folded by :func:`folded`).
_SIGNED = rf"{_NAME}(?:\s+in\s+{_NAME})?(?:\s*(?:,|and)\s*{_NAME}(?:\s+in\s+{_NAME})?)*"
SIGN_OFF_RE = regex.compile(
    # "With information from Reuters", "(Con información de AFP y EFE)" in MT: the agencies' sign-off alone.
    rf"^\W*(?i:with\ (?:information|reporting|data)\ (?:from|of|by))\ {_SIGNED}\W*$"
    rf"|^\W*(?i:additional\ )?(?i:reporting|writing)\ by\ {_SIGNED}"
    rf"(?:\s*[;,]\s*(?i:additional\ reporting|writing|editing)\ by\ {_SIGNED})*\W*$"
)
SIGN_OFF_WORDS = ("reporting by", "writing by", "with information", "with reporting", "with data")
# A byline: the author named on a line of their own, "By Jane Roe", "by Jane Roe and John Smith, March 1, 2016: 12:41
# PM ET", "BY JANE ROE", "Posted by Jane Roe on November 19, 2019"; or an author's role in capitals, alone or after
# the name, "Jane Roe - Staff Writer", "Live Science Contributor". A news page's and a printed article's: furniture
# on a web page, no sign that a document is one. What may follow the names is a closed class (BYLINE_TAIL_RE), so
# "By Saturday morning, it was contained." is a sentence.
BYLINE_RE = regex.compile(
    rf"^\W*(?i:(?:written|posted|words|story|text|reported|published|edited|compiled|prepared|produced)\s+)?"
    rf"(?i:by)\s+(?P<names>{_NAME})")
_ROLE = (r"(?:(?:senior|staff|contributing|special|chief|executive|managing|deputy|associate|political|foreign|"
         r"guest|freelance|investigative|national|local)\s+)?(?:writer|reporter|correspondent|editor|columnist|"
         r"contributor|journalist|producer)s?")
BYLINE_ROLE_RE = regex.compile(
    rf"^\W*(?:{_NAME}\s*[-–—,|]\s*)?(?:\p{{Lu}}[\p{{L}}.'’&\-]*\s+){{0,3}}(?=\p{{Lu}})(?i:{_ROLE})\W*$")
# The role first, then the name: "Editor: Anna Smirnova", "Editor in charge: Wang Xiaoming", "(Reporter Zhang San)",
# "Reporter Kim Min-su kms@yna.co.kr" (Chinese and Korean sites' "责任编辑：", "记者", "기자" in MT); a tail as a
# byline's.
# Without a colon only in brackets or with an e-mail after the names ("Editor Picks" is a widget's label).
_ROLE_FIRST = rf"(?i:(?:responsible\s+|executive\s+|chief\s+|duty\s+)?{_ROLE}(?:\s+in\s+charge)?)"
BYLINE_ROLE_FIRST_RE = regex.compile(
    rf"^\W*{_ROLE_FIRST}\s*:\s*(?P<names>{_NAME})"
    rf"|^\s*[(\[（【]\s*{_ROLE_FIRST}\s+(?P<names>{_NAME})\s*[)\]）】]\s*$"
    rf"|^\W*{_ROLE_FIRST}\s+(?P<names>{_NAME})(?=\s*,?\s*{EMAIL_ADDRESS}\W*$)")
BYLINE_TAIL_RE = regex.compile(
    rf"""(?ix)[\W_]*(?:
      \S*\d\S* | @\w+ | {EMAIL_ADDRESS}
    | and | & | on | at | updated | published | posted | min | mins | minutes? | hours? | read | ago
    | {_ROLE} | (?-i:\p{{Lu}}[\p{{L}}.'’\-]*)
    | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\w*\.? | (?:mon|tue|wed|thu|fri|sat|sun)\w*\.?
    | [ap]\.?m\.? | et|est|edt|ct|cst|pt|pst|gmt|utc|bst|cet
    )?[\W_]*""")
# A post's "previous" or "next" link scraped with its button's word glued on ("PrevBusiness Focus: It's Why…",
# "…Ready for YouNext", "PreviousNative Advertising Survey 2015"): the word meets the title with no space.
PAGER_GLUED_RE = regex.compile(
    r"^\W*(?P<head>Prev|Previous|Next|Older|Newer)(?=\p{Lu}[\p{Ll}\d])"
    r"|(?<=[\p{Ll}\d:!?.’'\"])(?P<tail>Next|Prev|Previous|Older|Newer)"
    r"(?:\s*[›»→>]+)?$")
# A byline's first word on a line of its own, the names on the next ("By" / "Mike Wall").
BYLINE_SPLIT_RE = regex.compile(r"^\W*(?i:(?:written|posted|words|story|text|reported|published)\s+)?(?i:by)\W*$")
# "Follow CNN Business", "Join IAB", "Follow Victor Davis Hanson on Twitter", "Follow Dawgs By Nature online:": a
# button to follow a site, a section or an author by name (chromemodel.is_call_to_action knows "Follow us", "Join our
# newsletter"); with the platform, "online" or a colon after the name it labels the icons of a share bar.
FOLLOW_RE = regex.compile(
    r"^\W*(?i:follow|join)\s+(?:\p{Lu}|\d)[\p{L}\d.&'’\-]*(?:\s+(?:(?:\p{Lu}|\d)[\p{L}\d.&'’\-]*|of|the|and|&)){0,4}"
    r"(?P<tail>\s+(?i:online|on(?:\s+(?:twitter|x|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|telegram"
    r"|social(?:\s+media)?))?)\b)?(?P<colon>\s*:)?\W*$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A line that is a date and nothing else, a time and its zone at most ("November 18, 2019", "Friday 25 December 2015",
# "| November 18, 2019 -- 19:14 GMT (19:14 GMT)", "2019-11-18T20:51:19Z"): when a story was published. Furniture
# between the paragraphs of a web page; at its top it is the headline's block's, as a byline is.
DATELINE_RE = regex.compile(
    rf"""(?ix)^[\W_]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:
      {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}} | \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}
    | \d{{4}}-\d\d-\d\d(?:t[\d:.]+z?)? | \d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}
    )(?:[\W_]+(?:\d{{1,2}}[:.]\d\d(?::\d\d)?|[ap]\.?m\.?|at|updated|et|est|edt|ct|cst|pt|pst|pdt|gmt|utc|bst|cet|cest|msk))*
    [\W_]*$""")
# The first word of "By Monday", "By October", "By Christmas", "By Default", "By Design": a time or a phrase, not an
# author.
BYLINE_NOT_NAMES = vocab(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december christmas easter spring summer autumn fall winter then now noon midnight "
    "the this that these those far all some most contrast comparison default design law definition nature way")
# A widget's label over a list of other stories' titles ("Trending", "Recent Posts", "You May Also Like"): the titles
# under it are links, whatever their words.
STORY_LIST_RE = regex.compile(
    r"""^\W*(?:
      trending(?:\ (?:now|stories|news|articles|posts|topics))?|headlines|up\ next|around\ the\ web|more\ for\ you
    | (?:most\ )?recent(?:ly)?\ (?:posts|articles|stories|news|updates|entries)|popular\ (?:posts|stories|articles)
    | (?:the\ )?latest(?:\ (?:news|posts|articles|stories|headlines|updates|from\ [\w\ '’&.-]{1,30}))?
    | (?:related|similar)(?:\ (?:articles?|stories|story|posts?|news|content|reading|links|coverage|videos|topics))?
    | more\ (?:stories|news|articles|posts|headlines|top\ stories|from\ [\w\ '’&.-]{1,30}|in\ [\w\ '’&.-]{1,30}
        |on\ this\ (?:topic|story)|like\ this|to\ (?:read|explore))
    | most\ (?:read|popular|viewed|shared|commented|recent)(?:\ (?:articles|stories|posts|news|this\ week|today))?
    | popular(?:\ (?:now|this\ week|today|on\ [\w\ '’&.-]{1,30}))?|top\ (?:stories|news|headlines|posts|articles)
    | you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested\ in)|you\ may\ have\ missed|don['’]?t\ miss
    | recommended(?:\ (?:for\ you|reading|stories|articles|posts))?|read\ (?:next|more|also|these\ next)
    | what\ to\ read\ next|editor['’]?s\ (?:picks?|choice)|further\ reading|also\ read|see\ also
    | in\ case\ you\ missed\ it|(?:previous|next|older|newer)\ (?:posts?|articles?|stories|entries)
    | featured(?:\ (?:posts|stories|articles))?|also\ on\ [\w\ '’&.-]{1,30}
    | читайте\ также|по\ теме|популярное|самое\ (?:читаемое|популярное)|(?:другие|последние)\ новости
    | новости\ по\ теме|ещё\ по\ теме|еще\ по\ теме|похожие\ (?:статьи|новости|материалы)|выбор\ редакции
    )\W*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
# The label of a link to another story or to the page's media ("Photo gallery: The flood in pictures"), besides the
# UI phrases. Not "Live:" or "Watch:": a live blog's or a video's own headline opens with them.
TEASER_LABEL_RE = regex.compile(r"^\W*(?:(?:photo|video)\ (?:gallery|report)|gallery|podcast)\W*$", regex.IGNORECASE)
# A source named under a picture or a chart, in words rather than names ("Source: open sources", "Источник:
# пресс-служба губернатора"): a label and a few words, no sentence.
# The words open with a capital or a kind of source: "Source: the ministry said prices would rise" is a sentence.
SOURCE_LINE_RE = regex.compile(
    r"^\s*(?i:sources?|источники?)\s*:\s*(?:\p{Lu}|\d|(?i:open|official|social|personal|press|public|media|local|"
    r"открыт|официальн|социальн|личн|пресс)\w*\b)[^.!?:;]{0,60}[^.!?:;\s]\s*$")
# Machine-translation credits by what they say, not by their template: "translat-" with "machine",
# "automatic", "AI", a tool or an engine's name after "by/with/using".
MT_CREDIT_SHAPE_RE = regex.compile(
    r"""\b(?:machine|automatic(?:ally)?|automated|auto|AI|A\.I\.|neural|computer|artificial\ intelligence
        |language\ models?)\b.{0,40}\btranslat\w*
    | \btranslat\w*\b.{0,40}\b(?:automatic(?:ally)?|automated|machine|AI|A\.I\.|engine|tool|software|service
        |artificial\ intelligence|neural\ networks?|language\ models?)\b
    | ^\W*(?:english\ )?translat\w*\s+(?:\w+\s+){0,3}(?:by|with|using|via)\s+\p{Lu}
    # "Text translated by ChatGPT": what was translated, then only the tool's name ("The text translated by Pevear and
    # Volokhonsky is the best known." goes on).
    | ^\W*(?:the\ |this\ )?(?:english\ )?(?:text|article|page|story|post|content|version)\ translat\w*
        \s+(?:by|with|using|via)\s+(?-i:\p{Lu})[\w.\-]*+(?:\s+(?-i:\p{Lu})[\w.\-]*+){0,2}\W*$
    | (?:автоматическ|машинн|нейросет|искусственн\w*\ интеллект)\w*.{0,30}перев\w*
    | перев\w*.{0,30}(?:автоматическ|машинн|нейросет|искусственн\w*\ интеллект)\w*""",
    regex.IGNORECASE | regex.VERBOSE,
)
# How a translation credit written as a sentence opens: with the text it is about, or with the translation itself
# ("This article was machine-translated.", "Text translated with the help of AI."). A sentence of news about machine
# translation opens otherwise ("Experts say AI translation still makes errors.").
MT_CREDIT_OPENER_RE = regex.compile(
    r"""^\W*(?:(?:this|the|our)\s+(?:\w+\s+)?(?:article|text|page|story|post|content|news|material|publication
        |translation|version|site|website)\b
      | (?:text|article|content|page|translation|translated|translator|machine|automatic|automated|auto|AI|A\.I\.)\b
      | (?:этот|эта|это|данн\w*)\s+(?:\w+\s+)?(?:текст|стать|материал|публикаци|перевод)
      | (?:текст|стать|материал|перев|машинн|автоматическ)\w*)""",
    regex.IGNORECASE | regex.VERBOSE,
)
# A breadcrumb or menu path: three or more short parts joined by separators ("Home / News / World",
# "News › Europe"), or two joined by an arrow-like separator.
# The spaces after a separator are taken whole (possessive): given back one at a time to a part, a long run of them
# was read again for each (time growing with the square of its length). A part of spaces only, which that allowed,
# is no label: chrome._path, the pattern's one reader, refuses such a path either way.
BREADCRUMB_RE = regex.compile(
    r"""^\W*(?:[^/|›»>→\s][^/|›»>→]{0,40}?)(?:\s*[/|›»>→]\s*+[^/|›»>→]{1,40}?){2,}\s*$
    | ^\W*[^›»>→]{1,40}?\s*[›»>→]\s*+[^›»>→]{1,40}\s*$""",
    regex.VERBOSE,
)


# Languages as a page's switcher names them: ISO 639-1 codes in capitals, or the language's own name.
LANGUAGE_AUTONYMS = vocab(
    """english deutsch français francais español espanol italiano português portugues русский українська polski
    nederlands čeština cestina slovenčina svenska norsk dansk suomi magyar română türkçe ελληνικά български
    српски hrvatski slovenščina eesti latviešu lietuvių 中文 简体中文 繁體中文 日本語 한국어 العربية עברית
    فارسی हिन्दी bahasa"""
)


@lru_cache(maxsize=4096)
def is_language_choice(line: str) -> bool:
    """``line`` alone names a language as a switcher does: ``EN``, ``RU``, ``Deutsch``, ``中文``."""
    if len(line) == 2 and line.isascii() and line.isupper():
        import langcodes  # the registry of language tags; imported on first use (45 ms)

        return bool(langcodes.tag_is_valid(line.lower()))
    return line.lower() in LANGUAGE_AUTONYMS


# A line of a data list or a form: a short label, a colon and a value ("Model: KJ380G-F26", "Weight: 4.2 kg").
LABEL_VALUE_RE = regex.compile(r"^(?P<label>\p{L}[\p{L}\-]*(?:\s+\p{L}[\p{L}\-]*){0,2})\s*:\s*\S")
# The labels of credits: a list of them ("Text: Jane Roe", "Photo: John Smith") is credits, not data.
CREDIT_LABEL_RE = regex.compile(
    r"(?i)^(?:photo\w*|picture|image|pic|illustration|graphic\w*|video|camera|cover|text|words|story|author|reporting"
    r"|source\w*|credit\w*|courtesy|фото\w*|источник\w*|текст|автор\w*|bild|foto\w*|quelle|texte?|fuente|crédit\w*)$")
# A contact line (a phone, a fax, an e-mail address): a page's footer has them, and so do a letter and a CV.
CONTACT_LINE_RE = regex.compile(r"(?i)^\W*(?:phone|tel|telephone|fax|mobile|e-?mail|телефон|тел|факс)\b\.?\s*:")
# Social platforms, as a page's share and follow buttons name them: a line of nothing else is a web page's.
SOCIAL_PLATFORMS = vocab(
    """facebook twitter instagram telegram whatsapp viber vk vkontakte odnoklassniki youtube rutube tiktok linkedin
    pinterest reddit flipboard tumblr mastodon bluesky weibo wechat weixin snapchat xing dzen digg
    """
)
# A copyright line: © (or "(c)", "copyright") opening it, or beside a year anywhere in it.
COPYRIGHT_LINE_RE = regex.compile(r"(?i)^\W*(?:©|\(c\)\s*\d{4})|(?:©|\bcopyright\b).{0,60}\b(?:19|20)\d{2}\b")
# An item of a document's list: a quantity and a word in lower case ("2 cups flour", "1/2 cup sugar", "200 g
# butter"), a bullet and three words or more ("• Keep out of the reach of children"), or an item number and two
# words or more ("2. Financial report").
LIST_ITEM_RE = regex.compile(
    r"^(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔])\s*\p{Ll}"
    r"|^[•·▪◦‣*\-–—]\s+\S+(?:\s+\S+){2,}|^\(?(?:\d{1,2}|\p{Ll})[.)]\s+\S+(?:\s+\S+)+"
)
