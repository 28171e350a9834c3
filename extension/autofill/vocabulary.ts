/**
 * French (and English) form vocabulary. Every pattern runs on `canon()` text: lowercase, no
 * accents, punctuation turned into single spaces (« Né(e) le » → « ne e le », « Nom d’usage » →
 * « nom d usage », « Prénom(s) » → « prenom s »). Name/id patterns run on `identifierWords()`
 * (`nomNaissance`, `nom_naissance` → « nom naissance »).
 *
 * To add a kind (for example a data-source claim), add a rule here and a value derivation in
 * kinds.ts; nothing else needs to change.
 */
import type { BlockedKind, Control, FieldKind } from './types';

export interface KindRule {
  kind: FieldKind | BlockedKind;
  /** Labels that name the field on their own. */
  strong: RegExp[];
  /** Labels that name it only inside a birth context (« Commune » under « Lieu de naissance »). */
  generic?: RegExp[];
  /** Label words that rule the kind out. */
  exclude?: RegExp[];
  /** name/id attribute words. */
  names?: RegExp[];
  /** name/id words that count only inside a birth context. */
  genericNames?: RegExp[];
  /** `autocomplete` tokens. */
  autocomplete?: string[];
  /** Controls this kind can be. */
  controls?: Control[];
  /** Substrings one of which a text (longer than 3 characters) must contain for any pattern to match: a cheap pre-filter. */
  keys?: string[];
  /** Higher wins ties between kinds matching the same text. */
  priority?: number;
}

const TEXTUAL: Control[] = ['text', 'email', 'textarea', 'select', 'number', 'tel'];
const NAME_EXCLUDE = /\b(voie|rue|commune|ville|entreprise|societe|organisme|etablissement|raison sociale|banque|titulaire du compte|fichier|utilisateur|user ?name|login|identifiant|association|ecole|structure|domaine|projet|produit|service)\b/;

/** Words that put a label in a birth context. */
export const BIRTH_CONTEXT = /\b(naissance|naiss|birth|born|natal|nee? (e )?(le|a|en))\b/;

export const RULES: KindRule[] = [
  // ——— e-mail ———
  {
    kind: 'emailConfirm', keys: ['mail', 'courriel', 'mel', 'messagerie', 'electronique'],
    strong: [/\b(e ?mail|courriel|mel|adresse (electronique|mail|e ?mail|de messagerie))\b.*\b(confirm\w*|verif\w*|repet\w*|retap\w*|ressais\w*|a nouveau|again|re ?enter|re ?type)\b|\b(confirm\w*|verif\w*|repet\w*|retap\w*|ressais\w*|re ?enter|re ?type)\b.*\b(e ?mail|courriel|mel|adresse (electronique|mail|e ?mail))\b/],
    names: [/\b(e ?mail|courriel|mail)\b.*\b(confirm\w*|verif\w*|repeat|again|2|bis|check)$|\b(confirm\w*|verif\w*|repeat|re)\b.*\b(e ?mail|courriel|mail)\b/],
    controls: ['text', 'email'],
    priority: 3,
  },
  {
    kind: 'email', keys: ['mail', 'courriel', 'mel', 'messagerie', 'electronique'],
    strong: [/\b(e ?mail|courriel|mel|adresse (electronique|mail|e ?mail|de messagerie|de courriel)|email address|messagerie electronique)\b/],
    exclude: [/\b(newsletter|lettre d information|parrain|ami|destinataire)\b/],
    names: [/\b(e ?mail|courriel|mail|mel)\b/],
    autocomplete: ['email'],
    controls: ['text', 'email'],
    priority: 2,
  },
  // ——— names ———
  {
    kind: 'usageName', keys: ['usage', 'usuel', 'marital', 'epou', 'mari', 'used', 'utilise'],
    strong: [/\bnom d usage\b/, /\bnom usuel\b/, /\bnom marital\b/, /\bnom d epou(se|x)\b/, /\bnom de (femme )?mariee?\b/, /\b(usual|married|used) (last |family )?name\b/, /\bnom utilise\b/],
    names: [/\b(nom ?(d ?)?usage|nomusage|usage ?name|usual ?name|married ?name|nom ?marital|nom ?usuel|nom ?epouse|nom ?usage)\b/],
    controls: TEXTUAL,
    priority: 3,
  },
  {
    kind: 'birthName', keys: ['naiss', 'famille', 'patronym', 'jeune', 'birth', 'maiden', 'jf'],
    strong: [/\bnom (de |a la )?naiss(ance)?\b/, /\bnom de famille\b/, /\bnom patronymique\b/, /\bnom de jeune fille\b/, /\bbirth ?name\b/, /\bmaiden name\b/, /\bname at birth\b/],
    exclude: [/\b(usage|marital|epou(se|x)|usuel)\b/, NAME_EXCLUDE],
    names: [/\b(birth ?name|birthname|nom ?(de )?naiss(ance)?|nomnaissance|nom ?famille|maiden ?name|nom ?patronymique|nom ?jf|nomjf|nom ?jeune ?fille)\b/],
    controls: TEXTUAL,
    priority: 2,
  },
  {
    kind: 'lastName', keys: ['nom', 'name'],
    strong: [/^(votre |your |le |the )?(nom|last ?name|surname|family ?name|nom s)( (en )?(majuscules?|capitales|lettres capitales|lettres majuscules|caps))?( (de l )?(usager|demandeur|demandeuse|declarant|declarante|candidat|candidate|titulaire|electeur|electrice|allocataire|beneficiaire|etudiant|etudiante|assure|assuree))?$/],
    exclude: [NAME_EXCLUDE],
    names: [/(^| )(nom|last ?name|lastname|surname|family ?name|familyname|lname|nom ?famille ?usage)$/],
    autocomplete: ['family-name'],
    controls: TEXTUAL,
    priority: 1,
  },
  {
    kind: 'otherGivenNames', keys: ['prenom', 'middle', 'other', 'autre'],
    strong: [/\bautres? prenoms?\b/, /\bprenoms? (suivants?|secondaires?|complementaires?)\b/, /\bmiddle names?\b/, /\bseconds prenoms\b/, /\bother (first |given )?names\b/],
    names: [/\b(autres? ?prenoms?|autreprenoms?|middle ?names?|middlename|other ?(first|given) ?names?|prenoms? ?suivants?)\b/],
    autocomplete: ['additional-name'],
    controls: TEXTUAL,
    priority: 3,
  },
  {
    kind: 'givenName', keys: ['prenom', 'name'],
    strong: [/\b(1er|premier|1re|1ere|2e|2eme|2nd|deuxieme|second|3e|3eme|troisieme|4e|4eme|quatrieme|5e|5eme|cinquieme) prenom\b/, /\bprenom (n )?[1-6]\b/, /\b(second|third|fourth) (given |first )?name\b/, /\bfirst given name\b/],
    exclude: [/\bprenoms\b/],
    names: [/\b(prenom|first ?name|given ?name|firstname|givenname) ?[1-6]\b/],
    controls: TEXTUAL,
    priority: 3,
  },
  {
    kind: 'givenNames', keys: ['prenom', 'name'],
    strong: [/\bprenoms\b/, /\bprenom s\b/, /\btous (vos |les )?prenoms\b/, /\b(first|given|fore) ?names\b/, /\bforenames\b/, /\bfirst name s\b/],
    exclude: [/\b(autres?|suivants?|secondaires?|complementaires?)\b/],
    names: [/\b(prenoms|given ?names|first ?names|forenames|prenom ?s)$/],
    controls: TEXTUAL,
    priority: 2,
  },
  {
    kind: 'firstName', keys: ['prenom', 'name'],
    strong: [/\bprenom\b/, /\b(first|given) ?name\b/, /\bforename\b/],
    exclude: [/\bprenoms\b/, /\bnom et prenom|\bprenom et nom|\bnom prenom|\bprenom nom\b/],
    names: [/(^| )(prenom|first ?name|firstname|given ?name|givenname|fname|forename)$/],
    autocomplete: ['given-name'],
    controls: TEXTUAL,
    priority: 1,
  },
  // ——— birth date ———
  {
    kind: 'birthDay', keys: ['jour', 'day', 'jj', 'dd', 'dob'],
    strong: [/\bjour (de |de la )?naissance\b/, /\bday of birth\b/, /\bbirth ?day day\b/],
    generic: [/^(le )?(jour|day|jj|dd|j)$/],
    names: [/\b(birth ?day|bday|jour ?naiss(ance)?|naissance ?jour|dob) ?(day|jour|jj|dd|d|j)\b/, /\b(day|jour|jj|dd) ?(of ?birth|naiss(ance)?|de ?naissance)\b/],
    genericNames: [/(^| )(day|jour|jj|dd|d|j)$/],
    autocomplete: ['bday-day'],
    controls: ['text', 'number', 'select', 'tel'],
    priority: 3,
  },
  {
    kind: 'birthMonth', keys: ['mois', 'month', 'mm', 'dob'],
    strong: [/\bmois (de |de la )?naissance\b/, /\bmonth of birth\b/],
    generic: [/^(le )?(mois|month|mm|m)$/],
    names: [/\b(birth ?day|bday|mois ?naiss(ance)?|naissance ?mois|dob) ?(month|mois|mm|m)\b/, /\b(month|mois|mm) ?(of ?birth|naiss(ance)?|de ?naissance)\b/],
    genericNames: [/(^| )(month|mois|mm|m)$/],
    autocomplete: ['bday-month'],
    controls: ['text', 'number', 'select', 'tel'],
    priority: 3,
  },
  {
    kind: 'birthYear', keys: ['annee', 'year', 'aaaa', 'yyyy', 'an', 'aa', 'yy', 'dob'],
    strong: [/\bannee (de |de la )?naissance\b/, /\byear of birth\b/, /\bbirth ?year\b/],
    generic: [/^(l )?(annee|an|year|aaaa|yyyy|aa|yy|a)$/],
    names: [/\b(birth ?day|bday|annee ?naiss(ance)?|naissance ?annee|dob) ?(year|annee|an|aaaa|yyyy|y|a)\b/, /\b(year|annee|aaaa|yyyy) ?(of ?birth|naiss(ance)?|de ?naissance)\b/, /\bbirth ?year\b/],
    genericNames: [/(^| )(year|annee|an|aaaa|yyyy|y|a)$/],
    autocomplete: ['bday-year'],
    controls: ['text', 'number', 'select', 'tel'],
    priority: 3,
  },
  {
    kind: 'birthDate', keys: ['date', 'naiss', 'ne', 'birth', 'dob', 'ddn', 'le', 'jj', 'dd', 'bday', 'dt'],
    strong: [/\bdate (de |d )?naiss(ance)?\b/, /\bnee? (e )?le\b/, /\bdate of birth\b/, /\bbirth ?date\b/, /\bbirthday\b/, /\bdob\b/, /\bddn\b/, /\bdate de naissance\b/],
    generic: [/^(la )?date$/, /^le$/, /^(date )?(jj mm aaaa|dd mm yyyy|mm dd yyyy|aaaa mm jj|yyyy mm dd)$/],
    exclude: [/\b(deces|mariage|arrivee|depart|delivrance|expiration|validite|debut|fin|signature|embauche|entree|sortie|rendez vous)\b/],
    names: [/\b(birth ?date|birthdate|date ?(de ?)?naiss(ance)?|datenaiss(ance)?|dob|bday|ddn|date ?of ?birth|naissance ?date|dt ?naiss)\b/],
    genericNames: [/(^| )(date|dt)$/],
    autocomplete: ['bday'],
    controls: ['text', 'date', 'tel', 'number', 'select'],
    priority: 2,
  },
  // ——— gender ———
  {
    kind: 'gender', keys: ['sex', 'genre', 'civilit', 'titre', 'gender', 'madame', 'monsieur', 'mme', 'vous etes', 'honorific', 'salutation', 'title'],
    strong: [/\bsexe\b/, /\bgenre\b/, /\bcivilite\b/, /\btitre d appel\b/, /\bgender\b/, /^sex$/, /\bsex\b/, /\bmadame monsieur\b/, /\bmonsieur madame\b/, /\bmme m\b/, /\bm mme\b/, /\bhonorific\b/, /\bsalutation\b/],
    generic: [/^(titre|title|vous etes)$/],
    exclude: [/\b(conjoint|enfant|musique|musical|film|livre)\b/],
    names: [/\b(sexe|genre|civilite|civility|gender|sex|salutation|honorific|titre ?appel)\b/],
    genericNames: [/\b(title|titre)\b/],
    autocomplete: ['sex', 'honorific-prefix'],
    controls: ['select', 'radio', 'text'],
    priority: 2,
  },
  {
    // « Titre », « Title », « Vous êtes » name a gender only when the options say so (checked in qualify).
    kind: 'gender', keys: ['titre', 'title', 'vous etes'],
    strong: [/^(votre )?(titre|title|vous etes)$/],
    names: [/^(title|titre)$/],
    controls: ['select', 'radio'],
    priority: 1,
  },
  // ——— birthplace ———
  {
    kind: 'bornAbroad', keys: ['etranger', 'abroad', 'france', 'outside'],
    strong: [/\bnee? (e )?(a l )?etranger\b/, /\bnaissance (a l )?etranger\b/, /\bborn (abroad|outside)\b/, /\bnee? (e )?hors de france\b/, /\bnee? (e )?en france\b/, /\bnaissance en france\b/, /\bborn in france\b/, /\blieu de naissance (en )?france (ou )?(a l )?etranger\b/],
    names: [/\b(ne|nee|born|naissance|naiss) ?(a ?l ?)?(etranger|abroad|france|hors ?france)\b/, /\b(etranger|abroad) ?(ne|naissance|birth)\b/],
    controls: ['checkbox', 'radio', 'select'],
    priority: 4,
  },
  {
    kind: 'birthPlaceCode', keys: ['code', 'cog', 'insee'],
    strong: [/\bcode (insee|cog|commune|officiel geographique|geographique)\b.*\bnaiss/, /\bnaiss\w* .*\bcode (insee|cog|commune)\b/, /\bcog\b.*\bnaiss/],
    generic: [/\bcode (insee|cog|commune|officiel geographique)\b/, /^cog$/],
    names: [/\b(code ?insee|cog|insee) ?(commune ?)?(de ?)?naiss/, /\bnaiss(ance)? ?(code ?)?(insee|cog)\b/],
    controls: ['text', 'number', 'tel'],
    priority: 4,
  },
  {
    kind: 'birthDepartement', keys: ['dep', 'county', 'dpt'],
    strong: [/\bdep(artement|t)? (de |d )?naiss(ance)?\b/, /\bdepartement\b.*\bnaiss/, /\bnaiss\w* .*\bdepartement\b/, /\b(department|county) of birth\b/],
    generic: [/\bdep(artement|t)?\b/, /\bn de departement\b/, /^(department|county)$/],
    exclude: [/\b(pays|country)\b/],
    names: [/\b(dep(artement|t)?|dpt) ?(de ?)?naiss(ance)?\b/, /\bnaiss(ance)? ?dep(artement|t)?\b/, /\bbirth ?dep(artment)?\b/],
    genericNames: [/\b(dep(artement|t)?|dpt|department)\b/],
    controls: ['text', 'select', 'number', 'tel'],
    priority: 3,
  },
  {
    kind: 'birthCountry', keys: ['pays', 'country', 'nation', 'naiss', 'birth'],
    strong: [/\bpays (de |d )?naiss(ance)?\b/, /\bcountry of birth\b/, /\bbirth ?country\b/, /\bnaiss\w* .*\bpays\b/],
    generic: [/\bpays\b/, /^(country|nation)$/],
    exclude: [/\b(nationalite|nationality|residence|domicile|adresse|address|sejour)\b/],
    names: [/\b(pays ?(de ?)?naiss(ance)?|paysnaiss(ance)?|birth ?country|country ?of ?birth|naiss(ance)? ?pays)\b/],
    genericNames: [/\b(pays|country)\b/],
    controls: ['text', 'select'],
    priority: 3,
  },
  {
    kind: 'birthPlace', keys: ['commune', 'ville', 'localite', 'lieu', 'city', 'town', 'place', 'naiss', 'birth', 'ne', 'municipality', 'pob'],
    strong: [/\b(commune|ville|localite|lieu|city|town|place) (de |of )?naiss(ance)?\b/, /\bnee? (e )?a\b/, /\b(place|city|town) of birth\b/, /\bbirth ?(place|city|town)\b/],
    generic: [/^(la )?(commune|ville|localite|lieu|city|town|municipality|a)$/, /^(commune|ville|localite)\b/],
    exclude: [/\b(pays|country|departement|code postal|cp|code (insee|cog|commune)|residence|domicile|habitation|actuelle)\b/],
    names: [/\b(birth ?place|birthplace|lieu ?(de ?)?naiss(ance)?|lieunaiss(ance)?|commune ?(de ?)?naiss(ance)?|ville ?(de ?)?naiss(ance)?|city ?of ?birth|place ?of ?birth|birth ?city|pob|naiss(ance)? ?(commune|ville|lieu))\b/],
    genericNames: [/\b(commune|ville|city|lieu|town)\b/],
    controls: ['text', 'select'],
    priority: 2,
  },
  // ——— data kinds (filled from the citizen's data, data-kinds.ts; they win over the never-filled income/allocataire rules) ———
  {
    kind: 'taxIncome', keys: ['revenu', 'rfr'],
    strong: [/\brevenu fiscal de reference\b/, /\brfr\b/],
    exclude: [/\b(salaires?|mensuel|conjoint)\b/],
    names: [/\b(rfr|revenu ?fiscal ?(de ?)?ref(erence)?)\b/],
    controls: ['text', 'number', 'tel'],
    priority: 4,
  },
  {
    kind: 'taxShares', keys: ['part'],
    strong: [/\bnombre de parts( fiscales)?\b/, /\bnb de parts\b/, /\bparts fiscales\b/, /\bnombre de parts de quotient familial\b/],
    names: [/\b(nb|nbre|nombre) ?parts?( ?fiscales?)?\b/, /\bnbpart/],
    controls: ['text', 'number', 'tel', 'select'],
    priority: 4,
  },
  {
    kind: 'familyQuotient', keys: ['quotient', 'qf'],
    strong: [/\bquotient familial\b/, /\bqf\b/],
    exclude: [/\bparts?\b/],
    names: [/\b(qf|quotient ?familial)\b/],
    controls: ['text', 'number', 'tel'],
    priority: 4,
  },
  {
    kind: 'grantLevel', keys: ['echelon'],
    strong: [/\bechelon (de (la )?)?bourse\b/, /\bechelon\b/],
    exclude: [/\b(indiciaire|grade|anciennete|salaire|remuneration|categorie)\b/],
    names: [/\bechelon\b/],
    controls: ['text', 'number', 'tel', 'select'],
    priority: 4,
  },
  {
    kind: 'allocataireNumber', keys: ['alloc', 'caf', 'msa'],
    strong: [/\b(n|numero) (d )?allocataire\b/, /\ballocataire (caf|msa)\b/, /\b(numero|matricule) (caf|msa)\b/],
    names: [/\b(num ?alloc\w*|numero ?allocataire|matricule ?caf)\b/],
    controls: ['text', 'number', 'tel'],
    priority: 4,
  },
  {
    kind: 'largeFamilyCard', keys: ['famille nombreuse'],
    strong: [/\b(numero|n) (de (la )?)?carte (de )?famille nombreuse\b/, /\bcarte (de )?famille nombreuse\b/],
    names: [/\b(carte ?famille ?nombreuse|num ?cfn|cfn)\b/],
    controls: ['text', 'number', 'tel'],
    priority: 4,
  },
  // ——— never filled ———
  { kind: 'password', keys: ['passe', 'password', 'mdp', 'pwd', 'passwd'], strong: [/\b(mot de passe|password|mdp|passphrase)\b/], names: [/\b(password|passwd|mdp|pwd)\b/], priority: 5 },
  { kind: 'captcha', keys: ['captcha', 'securite', 'recopiez', 'spam', 'robot', 'honeypot', 'hp'], strong: [/\b(captcha|code de securite|recopiez|anti ?spam|je ne suis pas un robot)\b/], names: [/\b(captcha|antispam|honeypot|hp)\b/], priority: 5 },
  { kind: 'search', keys: ['recherch', 'search', 'query'], strong: [/^(rechercher|recherche|search)\b/], names: [/^(q|s|search|recherche|query)$/], priority: 1 },
  { kind: 'fullName', keys: ['nom', 'name', 'signataire'], strong: [/\bnom et prenoms?\b/, /\bprenoms? et nom\b/, /^nom prenoms?$/, /^prenoms? nom$/, /\bnom complet\b/, /\bfull name\b/, /\bnom (et|&) prenoms?\b/, /\bsignataire\b/], names: [/\b(full ?name|fullname|nom ?complet|nom ?prenom|prenom ?nom)\b/], priority: 4 },
  { kind: 'phone', keys: ['tel', 'portable', 'mobile', 'phone', 'fax', 'gsm', 'cell'], strong: [/\b(tel|telephone|portable|mobile|phone|fax|gsm)\b/], names: [/\b(tel|phone|mobile|portable|telephone|fax|gsm|cell)\b/], autocomplete: ['tel', 'tel-national', 'mobile'], priority: 2 },
  { kind: 'postalCode', keys: ['postal', 'cp', 'zip', 'postcode'], strong: [/\b(code postal|cp|zip|postcode|postal code|zip code)\b/], names: [/\b(code ?postal|cp|zip|postcode|postal ?code|codepostal)\b/], autocomplete: ['postal-code'], priority: 2 },
  { kind: 'address', keys: ['adr', 'rue', 'voie', 'lieu', 'complement', 'residence', 'batiment', 'appartement', 'etage', 'boite', 'cedex', 'street', 'domicile', 'escalier'], strong: [/\b(adresse|rue|voie|lieu dit|complement|residence|batiment|appartement|etage|boite postale|cedex|address|street|domicile|libelle de la voie|n de voie|numero de voie|escalier)\b/], names: [/\b(adresse|address|rue|street|voie|addr|adr|complement|cedex|lieu ?dit)\b/], autocomplete: ['street-address', 'address-line1', 'address-line2', 'address-line3'], priority: 1 },
  { kind: 'city', keys: ['ville', 'commune', 'localite', 'city', 'town', 'municipality'], strong: [/\b(ville|commune|localite|city|town|municipality)\b/], names: [/\b(ville|commune|city|town|localite)\b/], autocomplete: ['address-level2', 'address-level1'], priority: 1 },
  { kind: 'country', keys: ['pays', 'country'], strong: [/\b(pays|country)\b/], names: [/\b(pays|country)\b/], autocomplete: ['country', 'country-name'], priority: 1 },
  { kind: 'nationality', keys: ['nationalit', 'citizenship'], strong: [/\bnationalit|\bnationality\b|\bcitizenship\b/], names: [/\bnationalit|\bnationality\b/], priority: 3 },
  { kind: 'socialSecurity', keys: ['secu', 'nir', 'ss', 'social', 'immatriculation'], strong: [/\b(securite sociale|nir|n ss|numero ss|secu|ssn|social security|immatriculation)\b/], names: [/\b(nir|secu|ssn|securite ?sociale|num ?ss)\b/], priority: 3 },
  { kind: 'taxNumber', keys: ['fiscal', 'spi', 'nif', 'avis', 'tax', 'imposition'], strong: [/\b(numero fiscal|n fiscal|identifiant fiscal|spi|nif|numero d avis|reference (de l )?avis|avis d imposition|tax (number|id))\b/], names: [/\b(spi|nif|num ?fiscal|numero ?fiscal|avis|tax ?id)\b/], priority: 3 },
  { kind: 'income', keys: ['revenu', 'rfr', 'quotient', 'qf', 'ressource', 'salaire', 'montant', 'parts', 'echelon', 'income'], strong: [/\b(revenus?|rfr|quotient familial|qf|ressources|salaires?|montant|parts fiscales|nombre de parts|echelon|income)\b/], names: [/\b(revenus?|rfr|qf|quotient|income|salaire|montant)\b/], priority: 2 },
  { kind: 'bank', keys: ['iban', 'bic', 'rib', 'swift', 'banc', 'banque', 'bank', 'titulaire'], strong: [/\b(iban|bic|rib|swift|banque|bancaire|titulaire du compte|bank)\b/], names: [/\b(iban|bic|rib|swift|bank|banque)\b/], priority: 3 },
  { kind: 'allocataire', keys: ['alloc', 'caf', 'msa'], strong: [/\b(n|numero) (d )?allocataire\b/, /\ballocataire (caf|msa)\b/, /\b(numero|matricule) (caf|msa)\b/], names: [/\b(num ?alloc\w*|allocataire|caf|msa)\b/], priority: 3 },
  { kind: 'studentId', keys: ['ine', 'etudiant', 'student'], strong: [/\bine\b/, /\bidentifiant national (de l )?etudiant\b/, /\bnumero (d )?etudiant\b/, /\bstudent (id|number)\b/], names: [/\b(ine|num ?etudiant|student ?id)\b/], priority: 3 },
  { kind: 'document', keys: ['passeport', 'passport', 'carte', 'titre', 'permis', 'piece', 'delivr', 'validite', 'expiration', 'cni'], strong: [/\b(numero|n) (de |du |de la )?(passeport|carte|titre|permis|piece)\b/, /\b(date de (delivrance|validite|expiration))\b/, /\bdelivre(e)? (le|par)\b/], names: [/\b(passport|passeport|cni|num ?piece)\b/], priority: 3 },
  { kind: 'profession', keys: ['profession', 'metier', 'emploi', 'employeur', 'occupation', 'entreprise', 'societe', 'raison', 'siret', 'siren', 'fonction', 'etablissement', 'ecole', 'lycee', 'universite', 'formation', 'diplome', 'classe', 'niveau', 'company', 'school'], strong: [/\b(profession|metier|emploi|employeur|occupation|entreprise|societe|raison sociale|siret|siren|fonction|etablissement|ecole|lycee|universite|formation|diplome|classe|niveau)\b/], names: [/\b(profession|metier|employeur|occupation|company|siret|siren|ecole|school|classe|niveau)\b/], priority: 1 },
  { kind: 'familyStatus', keys: ['situation', 'marital', 'enfants'], strong: [/\bsituation (familiale|matrimoniale|de famille)\b/, /\bmarital status\b/, /\bnombre d enfants\b/], names: [/\b(situation ?familiale|marital)\b/], priority: 3 },
];

export const BLOCKED_KINDS = new Set<string>(['password', 'captcha', 'search', 'fullName', 'phone', 'postalCode', 'address', 'city', 'country', 'nationality', 'socialSecurity', 'taxNumber', 'income', 'bank', 'allocataire', 'studentId', 'document', 'profession', 'familyStatus']);

// ——— people ———

/** Words that put a field or a section with someone other than the citizen. */
export const OTHER_PERSON = /\b(conjointe?|concubine?|partenaire|pacsee?|spouse|partner|husband|wife|mari|enfants?|child|children|fils|filles?|peres?|meres?|father|mother|parents?|beau pere|belle mere|tut(eur|rice)|curat(eur|rice)|mandataires?|proxy|representante?s?|guardian|responsables? lega(l|ux)|legal (representative|guardian)|tiers|personne a (prevenir|contacter)|contact d urgence|emergency contact|eleves?|pupil|student s|co ?titulaire|cotitulaire|co ?demandeur|codemandeur|co ?emprunteur|ayants? droit|defunte?|deceased|freres?|soeurs?|grands? parents?|employeur|proprietaire|bailleur|heritier|temoin|epoux|epouse|dependants?|personnes? a charge|autre personne|cohabitant|colocataire|occupant)\b/;

/**
 * Phrases that contain a person word but name a field, not whose it is (« nom de jeune fille », « nom
 * d’épouse » are the citizen's; « numéro d’allocataire » is whoever's section it sits in).
 */
export const NOT_A_PERSON = /\b((n|numero) (d )?allocataire|nom de jeune fille|jeune fille|nom d (epouse|epoux)|nom de (femme )?mariee?|nom (de |du )?mari|pere ou mere de famille)\b/g;

/** Words for the citizen themself, when a section heading names its subject. */
export const SELF_PERSON = /\b(demandeur|demandeuse|declarant|declarante|titulaire|mandante?|electeur|electrice|allocataire|applicant|yourself|etudiante?|candidate?|usager|assuree?|beneficiaire|vos informations|votre identite|vos coordonnees|vos donnees|informations personnelles|mes informations|mon identite|about you|your details|personal (details|information))\b/;

/** Explicit self: « (vous) », « vous-même », « vous concernant ». Tested on folded, non-canonical text. */
export const EXPLICIT_SELF = /\(\s*(vous|moi|you)(\s*-?\s*meme)?\s*\)|\bvous[\s-]+meme\b|\bmoi[\s-]+meme\b|\bvous concernant\b|\bvotre situation\b|\byourself\b/;

// ——— option values ———

export const FEMALE = ['f', 'feminin', 'femme', 'madame', 'mme', 'mme.', 'mlle', 'mademoiselle', 'female', 'woman', 'mrs', 'ms', 'miss', 'fille', 'w', 'feminine'];
export const MALE = ['m', 'masculin', 'homme', 'monsieur', 'm.', 'mr', 'mr.', 'male', 'man', 'h', 'garcon', 'masculine'];

/** Option texts that make a select or radio group a gender/civility choice. */
const genderCache = new Map<string, 'female' | 'male' | null>();

export function genderOf(text: string): 'female' | 'male' | undefined {
  let g = genderCache.get(text);
  if (g === undefined) {
    g = genderUncached(text) ?? null;
    if (genderCache.size > 2000) genderCache.clear();
    genderCache.set(text, g);
  }
  return g ?? undefined;
}

function genderUncached(text: string): 'female' | 'male' | undefined {
  const t = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z.]+/g, ' ').trim();
  if (!t) return undefined;
  const word = t.replace(/\.$/, '');
  if (FEMALE.includes(t) || FEMALE.includes(word) || /^(une )?(femme|fille)\b|^madame\b|^mme\b|^mademoiselle\b|^feminin|^female\b|^woman\b/.test(t)) return 'female';
  if (MALE.includes(t) || MALE.includes(word) || /^(un )?(homme|garcon)\b|^monsieur\b|^masculin|^male\b|^man\b/.test(t)) return 'male';
  return undefined;
}
