// Per-language rules of the multilingual sentiment scorer (sentiment.ts): negators, boosters and
// dampeners, the words that start a "but" clause, and words social posts use a lot that the translated
// AFINN lexicons (lexicons/*.ts) lack or get wrong (slang, laughter, everyday praise and insults).
// All of it is Parley's own, written from the languages' grammar, on VADER's −4…+4 scale. Boosters are
// VADER's ±0.293 step; a dampener is negative.

export type LanguageRules = {
  /** Words that negate a sentiment word up to three tokens after them. */
  negations: readonly string[];
  /** Words that negate the sentiment word just before them (Japanese ない, ません). */
  negationsAfter?: readonly string[];
  boosters: Readonly<Record<string, number>>;
  /** Words that start a clause which outweighs the one before it ("pero", "mais", "aber"). */
  buts: readonly string[];
  /**
   * Frequent words that carry no sentiment but which the machine-translated lexicon rates (function
   * words, and translations that picked the wrong sense: French "or", "prix", Spanish "solo", "tipo").
   * scripts/build-lexicons.ts leaves them out.
   */
  neutral?: readonly string[];
  /** Words added to (or overriding) the lexicon. */
  extra: Readonly<Record<string, number>>;
  /** Clitic prefixes stripped from a word the lexicon does not know (Arabic و, ال, ب…), longest first. */
  prefixes?: readonly string[];
  /** Elided words before an apostrophe ("n'", "l'", "dell'") are separate tokens. */
  elision?: boolean;
  /** No spaces between words: runs of letters are cut by longest match over the lexicon. */
  unspaced?: boolean;
  /** Boosters also follow the word they intensify (Arabic جميل جدا, "beautiful very"). */
  boostAfter?: boolean;
  /** Words the lexicon does not know are looked up in English (VADER): Hinglish mixes both freely. */
  englishFallback?: boolean;
  /**
   * Inflectional endings, longest first: a word the lexicon does not know is looked up by its stem
   * (the word less the longest ending that leaves at least four letters), among the lexicon's stems.
   */
  suffixes?: readonly string[];
  /** The AFINN translation's code when it differs from the language's. */
  afinn?: string;
};

const B = 0.293;
const D = -0.293;

// Internet slang and laughter written the same in every language.
export const SHARED_EXTRA: Readonly<Record<string, number>> = {
  lol: 1.5, lool: 1.5, lmao: 1.8, lmfao: 1.8, rofl: 1.8, xd: 1.6, omg: 0.6, wtf: -1.8, ffs: -1.8, fml: -2,
  love: 3.2, thanks: 1.9, thx: 1.9, cool: 1.3, nice: 1.8, wow: 2.3, yay: 2.4, fuck: -2.5, shit: -2.6,
  ok: 0.9, okay: 0.9, bravo: 2.5, top: 1, super: 2, mega: 1.2, fail: -2.2, hate: -2.7,
};

const booster = (words: string[], value = B) => Object.fromEntries(words.map((word) => [word, value]));

export const LANGUAGE_RULES: Readonly<Record<string, LanguageRules>> = {
  es: {
    neutral: ['solo', 'sólo', 'tipo', 'como', 'caro', 'dona', 'ora', 'moda', 'late', 'aura', 'sol', 'rosa', 'oro', 'dios', 'fe', 'fama', 'jura', 'paga', 'duda', 'cojo', 'puro', 'sí', 'si', 'ya', 'que', 'qué', 'de', 'la', 'el', 'en', 'y', 'a', 'los', 'las', 'un', 'una', 'por', 'para', 'con', 'del', 'al', 'lo', 'le', 'se', 'su', 'sus', 'es', 'son', 'ser', 'estar', 'está', 'hay', 'hacer', 'hace', 'tiene', 'tener', 'va', 'ir', 'ver', 'dar', 'dice', 'decir', 'hoy', 'día', 'vez', 'año', 'todo', 'todos', 'ahora', 'aquí', 'cuando', 'donde', 'gente', 'parte', 'cosa', 'casa', 'vida', 'mundo', 'juego', 'partido', 'vamos'],
    suffixes: ['ísimos', 'ísimas', 'ísimo', 'ísima', 'isimo', 'isima', 'mente', 'ciones', 'ción', 'cion', 'ados', 'adas', 'idos', 'idas', 'ado', 'ada', 'ido', 'ida', 'ar', 'er', 'ir', 'os', 'as', 'es', 'o', 'a', 'e', 's'],
    negations: ['no', 'nunca', 'jamás', 'jamas', 'ni', 'tampoco', 'nada', 'nadie', 'ningún', 'ningun', 'ninguna', 'ninguno', 'sin'],
    boosters: {
      ...booster(['muy', 'mucho', 'mucha', 'muchos', 'muchas', 'super', 'súper', 'tan', 'tanto', 'demasiado', 'totalmente', 'realmente', 'bastante', 'increíblemente', 'extremadamente', 'sumamente', 're', 'mas', 'más', 'bien']),
      ...booster(['poco', 'algo', 'apenas', 'casi', 'medio'], D),
    },
    buts: ['pero', 'sino', 'aunque', 'sin embargo'],
    extra: {
      bien: 1.5, gusta: 1.8, gustan: 1.8, encanta: 2.8, encantan: 2.8, encantó: 2.8, genial: 2.6, guapo: 2, guapa: 2,
      feo: -1.8, fea: -1.8, asco: -2.4, gracias: 1.9, feliz: 2.6, felices: 2.6, mal: -1.8, peor: -2.2, mejor: 1.8,
      jaja: 1.5, jajaja: 1.6, jeje: 1.3, bonito: 2, bonita: 2, precioso: 2.6, preciosa: 2.6, odio: -2.7, triste: -2,
      vergüenza: -1.8, verguenza: -1.8, puta: -2, mierda: -2.5, joder: -1.8, hermoso: 2.6, hermosa: 2.6, amo: 3, felicidades: 2.8,
      lindo: 2, linda: 2, buenísimo: 2.8, buenisimo: 2.8, maravilloso: 2.8, increíble: 2.4, increible: 2.4, horrible: -2.5,
      ladrones: -2.2, corruptos: -2.4, corrupto: -2.4, basura: -2.2, miedo: -1.8, ganas: 1, éxito: 2.2, exito: 2.2,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      mentira: -2.2, mentiras: -2.2, terrorismo: -2.8, atentado: -2.8, estupido: -2.4, pendejo: -2.4, capullo: -2.2, odiar: -2.6,
      tristeza: -2.2, facha: -2, pesimo: -2.8,
      odian: -2.6, horroroso: -2.6, patetico: -2.4, absurdo: -1.8, aburrimiento: -1.8, lloré: -1.8, perdí: -1.5, perdimos: -1.5,
      cagar: -1.5, jodido: -2.2, jodida: -2.2, putada: -2.4, subnormal: -2.6, payaso: -2, rata: -2, ratas: -2,
      // Everyday words the translation rated by another sense ("tiempo" time, "claro" of course, "serio" seriously).
      tiempo: 0, claro: 0, seguro: 0, serio: 0, cierto: 0, salir: 0, tarde: 0, pasado: 0, llegar: 0, subir: 0, necesito: 0,
      // Colloquial moods and interjections.
      uff: -1.2, puf: -1.2, buah: -1, agh: -1.5, argh: -1.5, ugh: -1.5, pesado: -1.5, pesada: -1.5, cutre: -1.8, chungo: -1.8,
      chunga: -1.8, cabreado: -2.2, cabreada: -2.2, cabreo: -2.2, mosqueado: -1.8, rayada: -1.5, rayado: -1.5, depre: -2,
      bajón: -1.8, 'echo de menos': -1, 'por fin': 1.2, chulo: 2, chula: 2, mola: 2, molan: 2, flipante: 2.2, ídolo: 2.2,
      ilusión: 2, ilusionado: 2.2,
      penoso: -2.2, penosa: -2.2, chapuza: -2, estafadores: -2.6, sinvergüenza: -2.6, sinvergüenzas: -2.6, mafia: -2.2,
      mafiosos: -2.6, caraduras: -2.2, espectacular: 2.8,
    },
  },
  pt: {
    neutral: ['tipo', 'quer', 'sair', 'pare', 'caro', 'doa', 'doar', 'doou', 'sobe', 'topo', 'fé', 'deus', 'fama', 'jura', 'puro', 'sim', 'que', 'de', 'a', 'o', 'e', 'do', 'da', 'em', 'um', 'uma', 'para', 'pra', 'com', 'por', 'os', 'as', 'no', 'na', 'se', 'ser', 'estar', 'está', 'tem', 'ter', 'vai', 'ir', 'ver', 'dar', 'fazer', 'faz', 'hoje', 'dia', 'vez', 'ano', 'tudo', 'todos', 'agora', 'aqui', 'quando', 'onde', 'gente', 'parte', 'coisa', 'casa', 'vida', 'mundo', 'jogo', 'vamos', 'já', 'só'],
    suffixes: ['íssimos', 'íssimas', 'íssimo', 'íssima', 'issimo', 'mente', 'ções', 'ção', 'ados', 'adas', 'idos', 'idas', 'ado', 'ada', 'ido', 'ida', 'ar', 'er', 'ir', 'os', 'as', 'es', 'o', 'a', 'e', 's'],
    negations: ['não', 'nao', 'nunca', 'jamais', 'nem', 'tampouco', 'nenhum', 'nenhuma', 'nada', 'ninguém', 'ninguem', 'sem'],
    boosters: {
      ...booster(['muito', 'muita', 'muitos', 'muitas', 'super', 'tão', 'tao', 'demais', 'totalmente', 'realmente', 'bastante', 'extremamente', 'mais', 'mto', 'mt', 'bem']),
      ...booster(['pouco', 'meio', 'quase', 'apenas'], D),
    },
    buts: ['mas', 'porém', 'porem', 'contudo', 'entretanto'],
    extra: {
      bom: 1.9, boa: 1.9, bem: 1.5, ótimo: 2.6, otimo: 2.6, ótima: 2.6, otima: 2.6, lindo: 2.2, linda: 2.2, feliz: 2.6,
      obrigado: 1.9, obrigada: 1.9, brigado: 1.9, brigada: 1.9, amo: 3, adoro: 2.8, saudade: 0.5, saudades: 0.5,
      kkk: 1.5, kkkk: 1.5, kkkkk: 1.5, rs: 1.2, rsrs: 1.3, haha: 1.5, hahaha: 1.6, triste: -2, chato: -1.6, chata: -1.6,
      ruim: -2.2, péssimo: -2.8, pessimo: -2.8, horrível: -2.5, horrivel: -2.5, merda: -2.5, porra: -1.5, odeio: -2.8,
      raiva: -2.2, medo: -1.8, parabéns: 2.8, parabens: 2.8, perfeito: 2.8, perfeita: 2.8, maravilhoso: 2.8, maravilhosa: 2.8,
      lixo: -2.2, vergonha: -1.8, nojo: -2.4, melhor: 1.8, pior: -2.2, top: 1.5, foda: -0.5, legal: 1.6, massa: 1.5,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      mentira: -2.2, mentiras: -2.2, ladrões: -2.4, terrorismo: -2.8, atentado: -2.8, otário: -2.4, otario: -2.4, palhaço: -2,
      palhaco: -2, quebrado: -1.5, puta: -2,
      odiar: -2.6, odioso: -2.6, entediado: -1.8, perdi: -1.5, perdemos: -1.5, bosta: -2.4, traidor: -2.6, horroroso: -2.6,
      // Words the translation rated by another sense ("sério" seriously), and two exclamations.
      sério: 0, serio: 0, caralho: -1.5, socorro: -1,
      // Colloquial moods and interjections.
      aff: -1.5, afff: -1.5, argh: -1.5, chatice: -1.8, chateação: -1.8, preguiça: -1.2, cansativo: -1.5, depressão: -2.4,
      bad: -1.5, chorei: -1.8, zoado: -1.5, zoada: -1.5, vsf: -2.4, pqp: -2, fdp: -2.6, credo: -1.2, poxa: -1, putz: -1.2,
      empolgado: 2.2, empolgada: 2.2, orgulho: 2, emocionado: 1.8, emocionada: 1.8, fofo: 2, incrível: 2.6, incrivel: 2.6,
      sensacional: 2.8, show: 1.5, amei: 3, adorei: 2.8, curti: 2,
    },
  },
  fr: {
    neutral: ['or', 'prix', 'nuit', 'dos', 'don', 'fort', 'gros', 'mode', 'hall', 'seul', 'dieu', 'foi', 'aura', 'uni', 'sûr', 'oui', 'ami', 'aide', 'cher', 'que', 'qui', 'de', 'la', 'le', 'les', 'et', 'à', 'en', 'un', 'une', 'pour', 'avec', 'par', 'du', 'des', 'au', 'se', 'ce', 'est', 'sont', 'être', 'avoir', 'faire', 'fait', 'va', 'aller', 'voir', 'donner', 'dit', 'dire', 'jour', 'fois', 'an', 'année', 'tout', 'tous', 'maintenant', 'ici', 'quand', 'où', 'gens', 'partie', 'chose', 'maison', 'vie', 'monde', 'match', 'vote', 'président', 'ce soir'],
    suffixes: ['issement', 'ements', 'ement', 'ments', 'ment', 'ations', 'ation', 'euses', 'euse', 'eux', 'ées', 'és', 'ée', 'é', 'er', 'ir', 'es', 'e', 's', 'x'],
    negations: ['ne', "n'", 'pas', 'jamais', 'plus', 'rien', 'aucun', 'aucune', 'personne', 'sans', 'ni', 'guère', 'non'],
    boosters: {
      ...booster(['très', 'tres', 'trop', 'vraiment', 'tellement', 'super', 'hyper', 'grave', 'totalement', 'complètement', 'extrêmement', 'si', 'tant', 'bien', 'absolument', 'carrément', 'vachement', 'archi']),
      ...booster(['peu', 'un peu', 'assez', 'presque', 'moyennement', 'plutôt'], D),
    },
    buts: ['mais', 'cependant', 'pourtant', 'toutefois', 'néanmoins'],
    extra: {
      bien: 1.5, bon: 1.9, bonne: 1.9, merci: 1.9, génial: 2.6, genial: 2.6, super: 2, cool: 1.3, top: 1.5, adore: 2.8,
      aime: 2.2, heureux: 2.6, heureuse: 2.6, content: 2, contente: 2, beau: 2, belle: 2, magnifique: 2.8, parfait: 2.6,
      mdr: 1.5, ptdr: 1.6, haha: 1.5, hahaha: 1.6, nul: -2, nulle: -2, merde: -2.5, putain: -1.5, con: -2, connard: -2.8,
      triste: -2, déteste: -2.8, deteste: -2.8, honte: -1.8, peur: -1.8, pire: -2.2, mieux: 1.6, bravo: 2.5, chiant: -2,
      chiante: -2, marre: -2, ras: -0.5, dégoûté: -2.2, degoute: -2.2, horrible: -2.5, nickel: 1.8, trop: 0, grave: 0,
      félicitations: 2.8, felicitations: 2.8, bisous: 2, bisou: 2, mal: -1.8,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      corruption: -2.4, mensonge: -2.2, mensonges: -2.2, assassin: -2.8, terrorisme: -2.8, attentat: -2.8, crétin: -2.4,
      connasse: -2.8, abruti: -2.4, énervé: -2.2, enerve: -2.2, tristesse: -2.2, perdre: -1.5, violence: -2.6, pauvreté: -2,
      naze: -2,
      lamentable: -2.4, absurde: -1.8, dégoût: -2.4, déchet: -1.5, bordel: -1.8, agaçant: -2, relou: -2, galère: -1.8,
      inquiète: -1.5,
      // Function words the translation rated by another sense ("comme" as, "juste" just, "lance" launches).
      comme: 0, jeunes: 0, lance: 0, juste: 0,
      // Colloquial moods and interjections.
      pff: -1.2, pfff: -1.2, bof: -1, beurk: -2, berk: -2, argh: -1.5, ugh: -1.5, soûlé: -1.8, stressé: -1.8, stressée: -1.8,
      flippe: -1.5, flippé: -1.5, énervant: -2.2, énervante: -2.2, youpi: 2.4, kiffe: 2.4, kiffer: 2.4, kif: 2, stylé: 2,
      stylée: 2, ému: 1.5, émue: 1.5, marrant: 2, marrante: 2, rigolo: 2, mignon: 2.2,
      inadmissible: -2.4, minable: -2.4, escroc: -2.6, escrocs: -2.6, mafieux: -2.4, magouille: -2.2, magouilles: -2.2,
      extraordinaire: 2.6,
    },
    negationsAfter: ['pas', 'jamais', 'plus'],
    elision: true,
  },
  it: {
    neutral: ['vero', 'cura', 'cure', 'caro', 'dona', 'fede', 'dio', 'gesù', 'ride', 'rosa', 'oro', 'fama', 'puro', 'vivo', 'sì', 'si', 'ah', 'stop', 'che', 'di', 'la', 'il', 'e', 'a', 'in', 'un', 'una', 'per', 'con', 'del', 'della', 'le', 'lo', 'gli', 'è', 'sono', 'essere', 'fare', 'fa', 'ha', 'ho', 'hanno', 'va', 'andare', 'vedere', 'dare', 'dice', 'oggi', 'giorno', 'volta', 'anno', 'tutto', 'tutti', 'ora', 'adesso', 'qui', 'quando', 'dove', 'gente', 'parte', 'cosa', 'casa', 'vita', 'mondo', 'partita', 'governo'],
    suffixes: ['issimo', 'issima', 'issimi', 'issime', 'mente', 'zione', 'zioni', 'ato', 'ata', 'ati', 'ate', 'ito', 'ita', 'iti', 'ite', 'are', 'ere', 'ire', 'o', 'a', 'i', 'e'],
    negations: ['non', 'mai', 'né', 'ne', 'nessuno', 'nessuna', 'niente', 'nulla', 'senza', 'neanche', 'nemmeno', 'neppure', 'manco'],
    boosters: {
      ...booster(['molto', 'tanto', 'tanta', 'troppo', 'troppa', 'davvero', 'proprio', 'veramente', 'super', 'così', 'cosi', 'estremamente', 'assolutamente', 'completamente', 'più', 'piu', 'parecchio', 'stra']),
      ...booster(['poco', 'abbastanza', 'quasi', 'piuttosto'], D),
    },
    buts: ['ma', 'però', 'pero', 'tuttavia', 'eppure', 'invece'],
    extra: {
      bene: 1.5, buono: 1.9, buona: 1.9, bello: 2, bella: 2, grazie: 1.9, bravo: 2.5, brava: 2.5, bravi: 2.5, grande: 1.5,
      felice: 2.6, ottimo: 2.6, ottima: 2.6, fantastico: 2.8, fantastica: 2.8, perfetto: 2.6, adoro: 2.8, amo: 3,
      haha: 1.5, ahah: 1.5, ahahah: 1.6, ahahahah: 1.6, triste: -2, schifo: -2.6, merda: -2.5, cazzo: -1.5, odio: -2.8,
      vergogna: -2.2, paura: -1.8, peggio: -2.2, peggiore: -2.2, meglio: 1.6, male: -1.8, brutto: -2, brutta: -2,
      pessimo: -2.8, pessima: -2.8, ladri: -2.2, buffone: -2, schifoso: -2.6, complimenti: 2.6, auguri: 2.4, evviva: 2.4,
      bellissimo: 2.8, bellissima: 2.8, splendido: 2.8, stupendo: 2.8, vergognoso: -2.4, ridicolo: -2, dispiace: -1.5,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      bugia: -2.2, bugie: -2.2, terrorismo: -2.8, morire: -2, scemo: -2, pagliaccio: -2, vaffanculo: -2.8,
      traditore: -2.6, traditori: -2.6, vigliacco: -2.4, assurdo: -1.8, nausea: -2, incazzato: -2.4,
      // Everyday words the translation rated by another sense ("subito" at once, "consiglio" council, "partito" party).
      subito: 0, certo: 0, consiglio: 0, partito: 0, partiti: 0,
      // Colloquial moods and interjections.
      uffa: -1.5, uff: -1.2, palle: -1.5, cavolo: -1, mannaggia: -1.5, antipatico: -2, antipatica: -2, urrà: 2.2, mitico: 2.4,
      mitica: 2.4, figo: 2, emozionato: 1.8, emozionata: 1.8,
      vergognatevi: -2.6, schifezza: -2.4, porcata: -2.4, porcheria: -2.4, fregatura: -2.2, squallido: -2.4, squallida: -2.4,
      indecente: -2.4, sciagura: -2.4, disgrazia: -2.4, pagliacci: -2, ladroni: -2.4, mafioso: -2.6, mafiosi: -2.6,
      grandioso: 2.6, spettacolare: 2.8, fiero: 2,
    },
    elision: true,
  },
  de: {
    neutral: ['art', 'oben', 'arm', 'ach', 'halt', 'klar', 'ja', 'frei', 'gott', 'hell', 'rein', 'laut', 'mode', 'satz', 'log', 'grab', 'gift', 'tops', 'not', 'wild', 'warm', 'safe', 'löst', 'wert', 'die', 'der', 'das', 'und', 'in', 'zu', 'den', 'mit', 'von', 'für', 'auf', 'ist', 'im', 'dem', 'ein', 'eine', 'es', 'sich', 'auch', 'an', 'als', 'wie', 'bei', 'nach', 'um', 'am', 'sein', 'haben', 'hat', 'wird', 'werden', 'machen', 'macht', 'gehen', 'geht', 'sehen', 'geben', 'gibt', 'sagt', 'heute', 'tag', 'mal', 'jahr', 'alles', 'alle', 'jetzt', 'hier', 'wann', 'wo', 'leute', 'teil', 'sache', 'haus', 'leben', 'welt', 'spiel'],
    negations: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'niemand', 'ohne', 'weder', 'noch nie', 'garnicht', 'keinesfalls', 'keineswegs', 'nö', 'nee'],
    boosters: {
      ...booster(['sehr', 'so', 'echt', 'total', 'voll', 'wirklich', 'richtig', 'extrem', 'besonders', 'absolut', 'ganz', 'mega', 'super', 'ziemlich', 'unglaublich', 'äußerst', 'zu', 'viel', 'mehr', 'am']),
      ...booster(['etwas', 'kaum', 'bisschen', 'wenig', 'fast', 'eher'], D),
    },
    negationsAfter: ['nicht', 'nie', 'niemals'],
    buts: ['aber', 'jedoch', 'trotzdem', 'sondern', 'allerdings'],
    extra: {
      gut: 1.9, gute: 1.9, guten: 1.5, gutes: 1.9, toll: 2.5, tolle: 2.5, super: 2, danke: 1.9, schön: 2.2, schöne: 2.2,
      schon: 0, geil: 2.2, cool: 1.3, lieb: 2, liebe: 2.6, freue: 2.4, freuen: 2.2, glücklich: 2.6, klasse: 2.4, prima: 2.2,
      haha: 1.5, hahaha: 1.6, schlecht: -2.2, schlimm: -2.2, scheiße: -2.5, scheisse: -2.5, mist: -1.8, doof: -1.8,
      blöd: -1.8, blöde: -1.8, traurig: -2, leider: -1.3, hasse: -2.8, angst: -1.8, schade: -1.5, besser: 1.5, schlechter: -1.8,
      perfekt: 2.6, lecker: 2.2, genial: 2.6, wunderbar: 2.8, furchtbar: -2.6, schrecklich: -2.6, peinlich: -2,
      nervt: -2, nervig: -2, langweilig: -1.8, dumm: -2, glückwunsch: 2.6, herzlichen: 1.2, spaß: 2, spass: 2, gefällt: 2, gefallen: 1.8, mag: 1.5,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      betrüger: -2.6, lüge: -2.2, lügen: -2.2, anschlag: -2.6, tote: -2.4, toten: -2.4, idiot: -2.4, idioten: -2.4, vollidiot: -2.8,
      depp: -2.2, versager: -2.4, ekelhaft: -2.6, kotzen: -2.4, kotzt: -2.4, ätzend: -2.2, mies: -2.2, scheiss: -2.5, kacke: -2.2,
      verflucht: -2, wut: -2.4, sauer: -1.5, kaputt: -1.8, verloren: -1.5, dreck: -2.2, nazi: -2.6, nazis: -2.6, hetze: -2.4,
      grauenhaft: -2.8, schlimmste: -2.8,
      igitt: -2.2, bäh: -1.8, öde: -1.8, hässliche: -2.2, mistig: -2, unmöglich: -1.5, frech: -1.5, frechheit: -2.4, zumutung: -2.4,
      sinnlos: -1.8, blödsinn: -2, quatsch: -1.5, schwachsinn: -2.2, bescheuert: -2.2, hirnlos: -2.4, dämlich: -2.2, bekloppt: -2.2,
      schrott: -2.2, genervt: -2.2, heulen: -1.8, vermisse: -1, vermissen: -1, schlechte: -2.2, schlimmer: -2.2, schlimmen: -2.2,
      // Function words the translation rated by another sense ("würde" would / dignity, "einfach" simply / easy).
      würde: 0, einfach: 0, natürlich: 0, gerade: 0, wollen: 0, sicher: 0,
      // Colloquial moods and interjections.
      boah: -0.5, menno: -1.5, mimimi: -1.5, hmpf: -1.2, juhu: 2.4, endlich: 1.2, gestresst: -1.8, deprimiert: -2.4, depri: -2,
      heul: -1.5, kotz: -2.2, würg: -2, wunderschön: 3, traumhaft: 2.8, witzig: 2, liebsten: 1.8, lieblings: 1.5, verliebt: 2.6,
      unverschämt: -2.4, unverschämtheit: -2.6, inakzeptabel: -2.2, jämmerlich: -2.4, armselig: -2.2, dreist: -1.8, heuchler: -2.4,
      verlogen: -2.4, korrupte: -2.4, versagt: -2, blamage: -2.4, desaster: -2.6, debakel: -2.6, abzocke: -2.4, großartige: 2.8,
      fantastische: 2.8, spitze: 2.4, spitzenmäßig: 2.6, grandios: 2.8, sensationell: 2.8, überragend: 2.8, wunderbare: 2.8,
      glücklicher: 2.4, stolze: 1.5,
    },
  },
  nl: {
    neutral: ['de', 'het', 'een', 'en', 'van', 'in', 'is', 'op', 'te', 'dat', 'die', 'voor', 'met', 'zijn', 'aan', 'er', 'om', 'ook', 'als', 'bij', 'nog', 'wat', 'naar', 'heb', 'heeft', 'hebben', 'wordt', 'worden', 'maken', 'gaan', 'gaat', 'zien', 'geven', 'zegt', 'vandaag', 'dag', 'keer', 'jaar', 'alles', 'alle', 'nu', 'hier', 'wanneer', 'waar', 'mensen', 'deel', 'ding', 'huis', 'leven', 'wereld', 'wedstrijd', 'ja'],
    suffixes: ['heden', 'heid', 'lijk', 'en', 'er', 'e', 's', 't'],
    negations: ['niet', 'geen', 'nooit', 'niets', 'niks', 'niemand', 'zonder', 'noch', 'nee', 'neen'],
    boosters: {
      ...booster(['heel', 'erg', 'zeer', 'echt', 'super', 'zo', 'best', 'enorm', 'ontzettend', 'hartstikke', 'totaal', 'helemaal', 'extreem', 'te', 'mega', 'meer']),
      ...booster(['beetje', 'wat', 'nauwelijks', 'bijna', 'amper'], D),
    },
    buts: ['maar', 'echter'],
    extra: {
      goed: 1.9, goede: 1.9, leuk: 2.2, leuke: 2.2, mooi: 2.2, mooie: 2.2, fijn: 2, fijne: 2, top: 1.5, bedankt: 1.9, dank: 1.6,
      blij: 2.4, lekker: 2.2, geweldig: 2.8, prachtig: 2.8, haha: 1.5, hahaha: 1.6, slecht: -2.2, slechte: -2.2, jammer: -1.5,
      kut: -2.2, shit: -2.2, verdrietig: -2.2, boos: -2.2, haat: -2.8, eng: -1.5, balen: -2, stom: -1.8, stomme: -1.8,
      gefeliciteerd: 2.8, beter: 1.5, slechter: -1.8, helaas: -1.3, irritant: -2, saai: -1.8,
    },
  },
  ru: {
    neutral: ['и', 'в', 'на', 'с', 'что', 'как', 'это', 'по', 'к', 'у', 'из', 'за', 'от', 'о', 'для', 'же', 'бы', 'то', 'все', 'всё', 'он', 'она', 'они', 'мы', 'вы', 'я', 'ты', 'быть', 'есть', 'был', 'была', 'будет', 'делать', 'идти', 'видеть', 'дать', 'сказал', 'сегодня', 'день', 'раз', 'год', 'сейчас', 'здесь', 'когда', 'где', 'люди', 'часть', 'вещь', 'дом', 'жизнь', 'мир', 'игра', 'да', 'бог'],
    suffixes: ['ыми', 'ими', 'ого', 'его', 'ому', 'ему', 'ами', 'ями', 'ой', 'ый', 'ий', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ую', 'юю', 'ом', 'ем', 'ах', 'ях', 'ов', 'ев', 'ть', 'ет', 'ит', 'ют', 'ат', 'ят', 'ла', 'ло', 'ли', 'ы', 'и', 'а', 'я', 'о', 'е', 'у', 'ю', 'л'],
    negations: ['не', 'нет', 'ни', 'никогда', 'ничего', 'никто', 'без', 'нельзя', 'нету'],
    boosters: {
      ...booster(['очень', 'так', 'такой', 'такая', 'такое', 'слишком', 'совсем', 'совершенно', 'абсолютно', 'крайне', 'супер', 'реально', 'невероятно', 'самый', 'самая', 'самое', 'более', 'весьма', 'офигенно']),
      ...booster(['немного', 'чуть', 'слегка', 'почти', 'едва', 'довольно'], D),
    },
    buts: ['но', 'однако', 'зато'],
    extra: {
      хорошо: 1.9, хороший: 1.9, хорошая: 1.9, отлично: 2.6, отличный: 2.6, спасибо: 1.9, люблю: 3, нравится: 2.2,
      круто: 2.4, классно: 2.4, класс: 2.2, супер: 2, молодец: 2.6, красиво: 2.2, красивая: 2.2, рад: 2.2, рада: 2.2,
      ахаха: 1.5, хаха: 1.5, ахахах: 1.6, плохо: -2.2, плохой: -2.2, ужасно: -2.8, ужас: -2.6, грустно: -2, жаль: -1.5,
      ненавижу: -2.8, бесит: -2.4, блин: -1.2, хуже: -1.8, лучше: 1.5, скучно: -1.8, страшно: -1.8, отстой: -2.4,
    },
  },
  ar: {
    neutral: ['الذي', 'التي', 'الذين', 'ان', 'أن', 'إن', 'الي', 'إلى', 'الى', 'على', 'علي', 'في', 'من', 'عن', 'اي', 'أي', 'ايش', 'هذا', 'هذه', 'ذلك', 'تلك', 'كان', 'كانت', 'يكون', 'هو', 'هي', 'انا', 'أنا', 'انت', 'أنت', 'نحن', 'هم', 'مع', 'كل', 'بعد', 'قبل', 'عند', 'ابن', 'امر', 'أمر', 'احد', 'أحد', 'اب', 'ابي', 'امي', 'اخت', 'اخ', 'ام', 'اكبر', 'اكد', 'أكد', 'اعلن', 'اعلم', 'اذن', 'ارض', 'امام', 'اصبح', 'اصبع', 'اكل', 'اراد', 'اخره', 'اخرج', 'ادخل', 'اجاب', 'احد', 'الم', 'اله', 'الله', 'اسلم', 'احمد', 'احمر', 'اخضر', 'امير', 'امن', 'اردن', 'امسي', 'اسفر', 'قال', 'يقول', 'اليوم', 'يوم', 'سنة', 'عام', 'الان', 'الآن', 'هنا', 'متى', 'وين', 'فين', 'الناس', 'ناس', 'شي', 'شيء', 'بيت', 'حياة', 'العالم', 'رئيس', 'الرئيس', 'ترامب', 'ايران', 'مصر'],
    suffixes: ['ات', 'ون', 'ين', 'ها', 'نا', 'هم', 'ه', 'ة', 'ي', 'ك'],
    negations: ['لا', 'ما', 'لم', 'لن', 'ليس', 'ليست', 'مش', 'مو', 'غير', 'بدون', 'مافي', 'ماهو', 'ولا', 'بلا'],
    boosters: {
      ...booster(['جدا', 'جداً', 'كثير', 'كثيرا', 'كتير', 'مرة', 'مره', 'مره', 'اكثر', 'أكثر', 'تماما', 'حيل', 'وايد', 'قوي', 'خالص']),
      ...booster(['قليلا', 'شوي', 'شوية', 'تقريبا', 'نوعا'], D),
    },
    buts: ['لكن', 'ولكن', 'بس', 'لكنه', 'لكنها'],
    extra: {
      حلو: 2, حلوه: 2, حلوة: 2, جميل: 2.2, جميلة: 2.2, جميله: 2.2, رائع: 2.8, رائعة: 2.8, ممتاز: 2.6, شكرا: 1.9, شكراً: 1.9,
      الحمدلله: 1.5, الحمد: 1.2, مبروك: 2.8, احب: 2.6, أحب: 2.6, حب: 2.4, سعيد: 2.6, سعيدة: 2.6, خير: 1.5, الله: 0.3,
      هههه: 1.5, ههههه: 1.5, هههههه: 1.5, ههه: 1.3, زعلان: -2, حزين: -2.2, حزينة: -2.2, سيء: -2.2, سيئ: -2.2, سيئة: -2.2,
      زفت: -2.4, خايس: -2.4, تعبان: -1.6, تعب: -1.4, كذاب: -2.2, كذب: -2, ظلم: -2.4, حرام: -1.5, للأسف: -1.6, للاسف: -1.6,
      مقرف: -2.6, فاشل: -2.4, فاشلة: -2.4, غبي: -2.2, حقير: -2.8, اكره: -2.8, أكره: -2.8, قهر: -2.2, موت: -2, يارب: 1,
      الجميل: 2, افضل: 1.8, أفضل: 1.8, اسوأ: -2.2, أسوأ: -2.2, تحية: 1.8, بالتوفيق: 2.4, عظيم: 2.4, روعة: 2.8, روعه: 2.8,
      قتل: -2.4, إرهاب: -2.8, ارهاب: -2.8, حرب: -2.2, فساد: -2.4,
      // Blame, insult, crime, war and disaster, which the translated lexicon lacks.
      لصوص: -2.6, ارهابيين: -2.8, إرهابيين: -2.8, تفجير: -2.8, قتلى: -2.6, شهداء: -1.5, اغبياء: -2.4, خاين: -2.6, خائن: -2.6,
      خونة: -2.6, كلاب: -2.4, ألم: -2, الم: -2, ازمة: -1.8, أزمة: -1.8, طاغية: -2.8,
      زهقت: -2, طفش: -2, اكتئاب: -2.4, ابكي: -2, خسرنا: -1.8, تعبت: -1.6, يوجع: -2, قتلوا: -2.6, ذنب: -1.5, زبالة: -2.4,
      تبا: -2.2, احمق: -2.4, خونه: -2.6, مخزي: -2.4, حسبي: -1.5, حسبنا: -1.5, مقهور: -2.2, خايف: -1.8, غضبان: -2.2, خرا: -2.6,
      // Function words and names the stem or clitic lookup rated ("مثل" like, "بسبب" because, "عبد" in names).
      بين: 0, مثل: 0, كيف: 0, اللي: 0, لي: 0, بسبب: 0, بعض: 0, بشكل: 0, تم: 0, حال: 0, جميع: 0, مليون: 0, عبد: 0, موقع: 0,
      الموقع: 0, القادم: 0, السابق: 0, قائمة: 0, نظام: 0, بنظام: 0, هدف: 0, اليمن: 0, عاجل: 0,
      // Everyday joy, praise and distress, Gulf, Levantine and Egyptian.
      مبسوط: 2.4, مبسوطة: 2.4, فرحان: 2.4, فرحانة: 2.4, حبيبي: 1.8, حبيبتي: 1.8, تسلم: 1.9, ماشاءالله: 2.2, مشاءالله: 2.2,
      تبارك: 1.5, متضايق: -2, ضايق: -1.8, طز: -2, جامد: 1.5, يؤسفني: -2, مؤسف: -2, حلوين: 2, مميز: 2.2, ابداع: 2.4,
      إبداع: 2.4, مبدع: 2.4, احسنت: 2.4, أحسنت: 2.4, مشكور: 1.9, تستاهل: 1.5,
    },
    boostAfter: true,
    prefixes: ['وبال', 'وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل'],
  },
  hi: {
    negations: ['नहीं', 'न', 'ना', 'मत', 'नही', 'बिना', 'कभी नहीं', 'nahi', 'nahin', 'nai', 'nhi', 'nhin', 'nahii', 'nahiin', 'na', 'mat', 'mt', 'bina', 'kabhi nahi', 'not', 'no', 'never', "don't", 'dont', "didn't", 'didnt', "isn't", 'isnt', "can't", 'cant', "won't", 'wont', "doesn't", 'doesnt', 'nothing', 'without'],
    boosters: {
      ...booster(['बहुत', 'बड़ा', 'बेहद', 'ज़्यादा', 'ज्यादा', 'सबसे', 'काफी', 'bahut', 'bohot', 'bohat', 'boht', 'bhut', 'bht', 'bahot', 'bhot', 'itna', 'itni', 'itne', 'kitna', 'kitni', 'sach mein', 'ekdam', 'zyada', 'jyada', 'sabse', 'kaafi', 'kafi', 'ekdum', 'bilkul', 'very', 'so', 'really', 'too', 'most', 'extremely', 'totally', 'more']),
      ...booster(['थोड़ा', 'थोडा', 'thoda', 'thodi', 'kuch', 'slightly', 'little', 'bit'], D),
    },
    negationsAfter: ['नहीं', 'नही', 'ना', 'nahi', 'nahin', 'nai', 'nhi', 'nhin', 'nahii', 'na'],
    buts: ['लेकिन', 'पर', 'मगर', 'किंतु', 'lekin', 'magar', 'par', 'but', 'however'],
    extra: {
      अच्छा: 1.9, अच्छी: 1.9, अच्छे: 1.9, बुरा: -2.2, बुरी: -2.2, खराब: -2.2, प्यार: 2.8, खुश: 2.4, धन्यवाद: 1.9, शुक्रिया: 1.9,
      accha: 1.9, acha: 1.9, achha: 1.9, achchha: 1.9, achi: 1.9, acchi: 1.9, achhi: 1.9, ache: 1.6, acche: 1.6, achhe: 1.6,
      bura: -2.2, buri: -2.2, bure: -2, kharab: -2.2, bekar: -2.2, bakwas: -2.4, bakwaas: -2.4, ghatiya: -2.6, faltu: -1.8,
      mast: 2.2, badhiya: 2.4, badiya: 2.4, badhia: 2.4, shandar: 2.6, shaandar: 2.6, zabardast: 2.6, jabardast: 2.6,
      kamaal: 2.4, kamal: 2.2, sundar: 2.2, pyar: 2.8, pyaar: 2.8, khush: 2.4, khushi: 2.4, shukriya: 1.9, dhanyavad: 1.9,
      dhanyawad: 1.9, badhai: 2.6, mubarak: 2.6, dukh: -2.2, dard: -2, gussa: -2.2, nafrat: -2.8, sharam: -1.8, sharm: -1.8,
      jhooth: -1.8, jhoot: -1.8, jhootha: -2, galat: -1.8, sahi: 1.5, maza: 2.2, mazaa: 2.2, maja: 2, pagal: -1.2,
      bewakoof: -2.2, bevkoof: -2.2, chutiya: -2.8, chutiye: -2.8, kutta: -2.2, kamina: -2.4, kamine: -2.4, saala: -1.2,
      haha: 1.5, hahaha: 1.6, hehe: 1.3, wah: 2, waah: 2, shabash: 2.4, jai: 0.8, dhokha: -2.4, barbad: -2.4, tabahi: -2.4,
      pareshan: -2, pareshaan: -2, mushkil: -1.5, umeed: 1.2, bhagwan: 0.6, sukoon: 2, naraz: -2, naraaz: -2,
      // Romanized Hindi (Hinglish), in its usual spellings: praise and joy.
      achchi: 1.9, achcha: 1.9, acchha: 1.9, badiyaa: 2.4, badhiyaa: 2.4, badia: 2.4, behtareen: 2.8, behtarin: 2.8,
      bahtareen: 2.8, lajawab: 2.8, lajawaab: 2.8, umda: 2.4, shaandaar: 2.6, shandaar: 2.6, jhakaas: 2.4, dhamakedar: 2.4,
      zabardust: 2.6, jabardust: 2.6, khoobsurat: 2.6, khubsurat: 2.6, pyara: 2.4, pyari: 2.4,
      pyare: 2.4, pyaari: 2.4, pyaare: 2.4, pyaara: 2.4, mohabbat: 2.4, ishq: 2, khushiyan: 2.4, khushiyaan: 2.4,
      anand: 2, mazedar: 2.4, mazedaar: 2.4, majedar: 2.4, majedaar: 2.4, mazza: 2.2, majja: 2, jeet: 2, jeeta: 2, jeete: 2,
      jeetenge: 2, jito: 1.8, zindabad: 2.4, jindabad: 2.4, shubh: 1.8, shubhkamnaye: 2.6, shubhkamnayein: 2.6, badhaai: 2.6,
      mubaarak: 2.6, aashirwad: 2, ashirwad: 2, garv: 2, gaurav: 0, imandar: 2, imaandar: 2, sachcha: 1.8, sacha: 1.5,
      dhanyavaad: 1.9, dhanywad: 1.9, shukria: 1.9, sukriya: 1.9, waaah: 2, 'kya baat': 2.4,
      hasi: 1.5, hansi: 1.5, sahee: 1.5, tagda: 2, tagdi: 2, jordar: 2.2, zordaar: 2.2,
      // ... and blame, insult, sorrow, anger, fear, crime and corruption.
      burra: -2.2, bekaar: -2.2, bakvas: -2.4, bakwass: -2.4, ghatia: -2.6, ghatiyaa: -2.6, faltoo: -1.8,
      ganda: -2, gandi: -2, gande: -2, gandagi: -2, kachra: -2, bewkoof: -2.2, bewakuf: -2.2, bevkuf: -2.2, gadha: -2,
      gadhe: -2, ullu: -1.8, nalayak: -2.4, nalaayak: -2.4, nikamma: -2.4, nikamme: -2.4, nikammi: -2.4, besharam: -2.6,
      besharmi: -2.6, sharmnaak: -2.6, sharmnak: -2.6, chor: -2.4, chore: 0, choro: -2.4, choron: -2.4,
      chori: -2.2, lootera: -2.6, lutera: -2.6, lutere: -2.6, loot: -2.2, jhoothe: -2.2, jhuta: -2.2, jhute: -2.2,
      jhooti: -2.2, jhoothi: -2.2, jhuth: -1.8, dhokebaaz: -2.6, dhokebaz: -2.6, dhoka: -2.4,
      gaddar: -2.6, gaddaar: -2.6, harami: -2.8, haramkhor: -2.8, kaminey: -2.4, kutte: -2.2, kuttey: -2.2,
      kuttay: -2.2, kutiya: -2.6, saale: -1.5, saaley: -1.5, sale: 0, bhadwa: -2.8, bhadwe: -2.8, gandu: -2.8,
      chutiyapa: -2.6, chutiyapanti: -2.6, madarchod: -3, behenchod: -3, bhenchod: -3, bc: -2, mc: -2,
      bsdk: -2.8, bhosdike: -2.8, dukhi: -2.2, udaas: -2, udas: -2, rona: -1.8, takleef: -2, taklif: -2,
      tension: -1.5, gusse: -2.2, naraazgi: -2, dushman: -2.2, haar: -1.8, haare: -1.8, hare: 0,
      harr: -1.8, maut: -2.4, hatya: -2.8, khoon: -2, khooni: -2.6, dange: -2.6, danga: -2.6, aatank: -2.8, atank: -2.8,
      aatankwadi: -2.8, atankwadi: -2.8, bhrasht: -2.6, bhrashtachar: -2.8, bhrastachar: -2.8, ghotala: -2.6, ghotale: -2.6,
      rishwat: -2.4, afsos: -1.8, darr: -1.8, dar: 0, darpok: -2.2, feku: -2, pappu: -1.2, bhagoda: -2.2,
      nautanki: -2, drama: -1, jahil: -2.4, jaahil: -2.4, ghamand: -2, ghamandi: -2, barbaad: -2.4, tabaah: -2.4,
      galti: -1.8, bimar: -1.6, beemar: -1.6, paagal: -1.2,
      laanat: -2.6, lanat: -2.6, thoo: -2.2, chhi: -2, chee: -2, uff: -1.2, uffo: -1.2, roya: -1.8, royi: -1.8, rula: -1.8,
      tadap: -1.8, ghussa: -2.2, jalan: -1.5, beizzati: -2.4, bezzati: -2.4, beizzti: -2.4, izzat: 1.5, besharm: -2.6,
      lafda: -1.8, jhagda: -2, jhagra: -2, ladai: -1.8, pitai: -1.8, gaali: -2, bimari: -1.8, beemari: -1.8, khatarnak: -1.8,
      khatarnaak: -1.8, bhayanak: -2.2, chamcha: -1.8, chamche: -1.8, andhbhakt: -2, dalal: -2.2, dalle: -2.2, nakli: -1.8,
      naqli: -1.8, murkh: -2.4, moorkh: -2.4, gunda: -2.4, gunde: -2.4, badmash: -2.2, badmaash: -2.2, kaamchor: -2.2,
      dushmani: -2.2, kharaab: -2.2, dhanyawaad: 1.9, shabaash: 2.4, jeeo: 1.8, jiyo: 1.8, mubarakbaad: 2.6, badhaiyan: 2.6,
      shubhkamnayen: 2.6, aabhar: 1.9, ashirwaad: 2, sachchai: 1.5, khoobsoorat: 2.6, majaa: 2, aanand: 2, sukh: 2,
      wahiyat: -2.6, wahiyaat: -2.6, tauba: -1.2, bechara: -1.2, bechari: -1.2, kambakht: -2.2, bewafa: -2.4, matlabi: -2,
      paapi: -2.4, paap: -2, zulm: -2.6, zalim: -2.4, zaalim: -2.4, pareshani: -2, musibat: -2, museebat: -2, aafat: -2,
      thaka: -1.2, berozgari: -1.8, mehengai: -1.8, mehangai: -1.8, garibi: -1.8, saza: -1.5, qatl: -2.8, katl: -2.8,
      balatkar: -3, hinsa: -2.6, hamla: -2.2, shaheed: -1.5, shukar: 1.8, shukr: 1.8, mashallah: 2.2, inshallah: 1,
      alhamdulillah: 1.5, subhanallah: 2, dhansu: 2.2, kadak: 1.8, fadu: 2, bindaas: 2, rahat: 1.5, tarakki: 2, safalta: 2.2,
      kamyab: 2.2, kamyabi: 2.2, samman: 1.8, naaz: 2, fakhr: 2, dua: 1.5, duaen: 1.5, muskurahat: 2, muskan: 2, dosti: 1.5,
    },
    englishFallback: true,
  },
  zh: {
    negations: ['不', '没', '没有', '沒', '沒有', '别', '別', '未', '无', '無', '非', '毫不', '从不', '從不', '并不', '並不', '不是'],
    boosters: {
      ...booster(['很', '非常', '太', '超', '超级', '超級', '特别', '特別', '真', '真的', '好', '极', '極', '最', '十分', '相当', '相當', '更', '挺', '巨']),
      ...booster(['有点', '有點', '稍微', '一点', '一點', '比较', '比較'], D),
    },
    buts: ['但是', '但', '可是', '不过', '不過', '然而', '却', '卻'],
    extra: {
      好: 1.9, 喜欢: 2.4, 喜歡: 2.4, 爱: 2.8, 愛: 2.8, 开心: 2.6, 開心: 2.6, 高兴: 2.6, 高興: 2.6, 棒: 2.6, 赞: 2.4, 讚: 2.4,
      谢谢: 1.9, 謝謝: 1.9, 漂亮: 2.2, 美: 1.8, 可爱: 2.2, 可愛: 2.2, 厉害: 2.2, 厲害: 2.2, 优秀: 2.4, 優秀: 2.4, 满意: 2.2, 滿意: 2.2,
      哈哈: 1.5, 哈哈哈: 1.6, 嘻嘻: 1.4, 坏: -2.2, 壞: -2.2, 差: -2, 糟糕: -2.6, 讨厌: -2.6, 討厭: -2.6, 恨: -2.8, 难过: -2.2,
      難過: -2.2, 伤心: -2.4, 傷心: -2.4, 生气: -2.2, 生氣: -2.2, 失望: -2.2, 垃圾: -2.4, 烂: -2.2, 爛: -2.2, 恶心: -2.6,
      噁心: -2.6, 害怕: -1.8, 可惜: -1.5, 无聊: -1.8, 無聊: -1.8, 麻烦: -1.6, 麻煩: -1.6, 好吃: 2.2, 难吃: -2.4, 難吃: -2.4,
      幸福: 2.8, 快乐: 2.6, 快樂: 2.6, 舒服: 2, 完美: 2.8, 辣鸡: -2.4, 牛逼: 2.2, 坑: -1.5, 郁闷: -2, 鬱悶: -2,
    },
    unspaced: true,
  },
  ja: {
    negations: ['不', '非', '無'],
    negationsAfter: ['ない', 'なかった', 'ません', 'ませんでした', 'なく', 'ず', 'ぬ', 'じゃない', 'ではない', 'くない', 'くなかった'],
    boosters: {
      ...booster(['とても', 'すごく', 'すごい', '凄く', '超', '本当に', 'ほんとに', 'めっちゃ', 'めちゃくちゃ', 'かなり', '非常に', '最も', '一番', 'マジで', 'まじで', 'もっと', 'すっごく', 'たいへん', '大変']),
      ...booster(['少し', 'ちょっと', 'やや', 'あまり', 'まあまあ'], D),
    },
    buts: ['でも', 'しかし', 'けど', 'けれど', 'けれども', 'だけど'],
    extra: {
      好き: 2.6, 大好き: 3, 嬉しい: 2.6, うれしい: 2.6, 楽しい: 2.6, たのしい: 2.6, 良い: 1.9, いい: 1.9, よい: 1.9, 良かった: 2,
      よかった: 2, 最高: 3, 素晴らしい: 2.8, すばらしい: 2.8, 美味しい: 2.2, おいしい: 2.2, かわいい: 2.2, 可愛い: 2.2,
      ありがとう: 1.9, 感謝: 2, 幸せ: 2.8, 素敵: 2.6, すてき: 2.6, 面白い: 2, おもしろい: 2, 笑: 1.3, ｗｗ: 1.3, ww: 1.3,
      www: 1.4, 草: 1.2, 嫌い: -2.6, 大嫌い: -3, 悲しい: -2.4, かなしい: -2.4, 最悪: -3, 悪い: -2.2, わるい: -2.2,
      つまらない: -2, 辛い: -2, つらい: -2, 怖い: -1.8, こわい: -1.8, 残念: -2, ムカつく: -2.6, むかつく: -2.6,
      うざい: -2.4, ウザい: -2.4, 疲れた: -1.5, 寂しい: -1.8, さみしい: -1.8, 痛い: -1.8, 嫌: -2.2, いや: -1, ひどい: -2.6,
      酷い: -2.6, 不安: -1.8, 困る: -1.6, 困った: -1.6, 死ね: -3, 腹立つ: -2.4, 良く: 1.6, よく: 0.5, 楽しみ: 2.4, 頑張って: 1.6,
    },
    unspaced: true,
  },
};

export const RULE_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_RULES);
