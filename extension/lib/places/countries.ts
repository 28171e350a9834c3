/**
 * INSEE country codes (COG « pays et territoires étrangers », 99xxx) → French name, ISO 3166
 * alpha-2/alpha-3, English name and common alternative names.
 *
 * Authored for Pivot (no npm package carries this table). Codes, names and ISO mappings were
 * checked against the INSEE country list as published in public sources (the 2025 COG country
 * file, FranceConnect's own country table, pass Culture's INSEE country list). France and every
 * French overseas collectivity are 99100 (FranceConnect uses 99100 for them too).
 *
 * Row format: `code;French name;ISO2;ISO3;English name;aliases (comma separated);successor`.
 * Historical entries (states that no longer exist) have no ISO codes and name the code of the
 * state that succeeded them, so that a form keyed by ISO codes can still offer the right option.
 */
const ROWS = `
99100;France;FR;FRA;France;République française
99101;Danemark;DK;DNK;Denmark
99102;Islande;IS;ISL;Iceland
99103;Norvège;NO;NOR;Norway
99104;Suède;SE;SWE;Sweden
99105;Finlande;FI;FIN;Finland
99106;Estonie;EE;EST;Estonia
99107;Lettonie;LV;LVA;Latvia
99108;Lituanie;LT;LTU;Lithuania
99109;Allemagne;DE;DEU;Germany;République fédérale d’Allemagne
99110;Autriche;AT;AUT;Austria
99111;Bulgarie;BG;BGR;Bulgaria
99112;Hongrie;HU;HUN;Hungary
99113;Liechtenstein;LI;LIE;Liechtenstein
99114;Roumanie;RO;ROU;Romania
99115;Tchécoslovaquie;;;Czechoslovakia;République fédérale tchèque et slovaque;
99116;Tchéquie;CZ;CZE;Czechia;République tchèque,Czech Republic
99117;Slovaquie;SK;SVK;Slovakia
99118;Bosnie-Herzégovine;BA;BIH;Bosnia and Herzegovina
99119;Croatie;HR;HRV;Croatia
99120;Monténégro;ME;MNE;Montenegro
99121;Serbie;RS;SRB;Serbia;Serbie-et-Monténégro,Yougoslavie
99122;Pologne;PL;POL;Poland
99123;Russie;RU;RUS;Russia;Fédération de Russie,URSS,Union soviétique
99124;Turquie d’Europe;;;European Turkey;;99208
99125;Albanie;AL;ALB;Albania
99126;Grèce;GR;GRC;Greece
99127;Italie;IT;ITA;Italy
99128;Saint-Marin;SM;SMR;San Marino
99129;Vatican;VA;VAT;Vatican City;Saint-Siège,Holy See
99130;Andorre;AD;AND;Andorra
99131;Belgique;BE;BEL;Belgium
99132;Royaume-Uni;GB;GBR;United Kingdom;Grande-Bretagne,Angleterre,UK
99133;Territoires britanniques en Méditerranée;GI;GIB;Gibraltar;Gibraltar
99134;Espagne;ES;ESP;Spain
99135;Pays-Bas;NL;NLD;Netherlands;Hollande
99136;Irlande;IE;IRL;Ireland
99137;Luxembourg;LU;LUX;Luxembourg
99138;Monaco;MC;MCO;Monaco
99139;Portugal;PT;PRT;Portugal
99140;Suisse;CH;CHE;Switzerland
99141;Allemagne de l’Est;;;East Germany;République démocratique allemande,RDA;99109
99142;Allemagne de l’Ouest;;;West Germany;République fédérale d’Allemagne,RFA;99109
99143;Chypre (1960-1993);;;Cyprus;Chypre;99254
99144;Malte;MT;MLT;Malta
99145;Slovénie;SI;SVN;Slovenia
99148;Biélorussie;BY;BLR;Belarus;Bélarus
99151;Moldavie;MD;MDA;Moldova
99155;Ukraine;UA;UKR;Ukraine
99156;Macédoine du Nord;MK;MKD;North Macedonia;Macédoine
99157;Kosovo;;;Kosovo;XK
99158;Féroé;FO;FRO;Faroe Islands;Îles Féroé
99159;Territoires norvégiens en Atlantique Nord;;;Svalbard and Jan Mayen;Svalbard,Jan Mayen
99160;Åland;AX;ALA;Åland Islands;Îles Åland
99161;Dépendances de la Couronne britannique;;;Crown Dependencies;Jersey,Guernesey,Île de Man
99162;Île des Faisans;;;Pheasant Island
99201;Arabie saoudite;SA;SAU;Saudi Arabia
99202;Yémen du Nord;;;North Yemen;République arabe du Yémen;99251
99203;Irak;IQ;IRQ;Iraq;Iraq
99204;Iran;IR;IRN;Iran
99205;Liban;LB;LBN;Lebanon
99206;Syrie;SY;SYR;Syria
99207;Israël;IL;ISR;Israel
99208;Turquie;TR;TUR;Türkiye;Turkey
99209;Sibérie;;;Siberia;;99123
99210;Turkestan russe;;;Russian Turkestan;;99123
99211;Kamtchatka;;;Kamchatka;;99123
99212;Afghanistan;AF;AFG;Afghanistan
99213;Pakistan;PK;PAK;Pakistan
99214;Bhoutan;BT;BTN;Bhutan
99215;Népal;NP;NPL;Nepal
99216;Chine;CN;CHN;China
99217;Japon;JP;JPN;Japan
99218;Mandchoukouo;;;Manchukuo;Mandchourie;99216
99219;Thaïlande;TH;THA;Thailand
99220;Philippines;PH;PHL;Philippines
99221;Territoires britanniques au Proche-Orient;;;British territories in the Near East
99222;Jordanie;JO;JOR;Jordan
99223;Inde;IN;IND;India
99224;Birmanie;MM;MMR;Myanmar;Myanmar
99225;Brunei;BN;BRN;Brunei
99226;Singapour;SG;SGP;Singapore
99227;Malaisie;MY;MYS;Malaysia
99228;États malais non fédérés;;;Unfederated Malay States;;99227
99229;Maldives;MV;MDV;Maldives
99230;Hong Kong;HK;HKG;Hong Kong
99231;Indonésie;ID;IDN;Indonesia
99232;Macao;MO;MAC;Macao;Macau
99233;Yémen du Sud;;;South Yemen;République démocratique populaire du Yémen;99251
99234;Cambodge;KH;KHM;Cambodia
99235;Sri Lanka;LK;LKA;Sri Lanka;Ceylan
99236;Taïwan;TW;TWN;Taiwan
99237;Corée;;;Korea
99238;Corée du Nord;KP;PRK;North Korea;République populaire démocratique de Corée
99239;Corée du Sud;KR;KOR;South Korea;République de Corée
99240;Koweït;KW;KWT;Kuwait
99241;Laos;LA;LAO;Laos
99242;Mongolie;MN;MNG;Mongolia
99243;Vietnam;VN;VNM;Vietnam;Viet Nam
99244;Vietnam du Nord;;;North Vietnam;;99243
99245;Vietnam du Sud;;;South Vietnam;;99243
99246;Bangladesh;BD;BGD;Bangladesh
99247;Émirats arabes unis;AE;ARE;United Arab Emirates
99248;Qatar;QA;QAT;Qatar
99249;Bahreïn;BH;BHR;Bahrain
99250;Oman;OM;OMN;Oman
99251;Yémen;YE;YEM;Yemen
99252;Arménie;AM;ARM;Armenia
99253;Azerbaïdjan;AZ;AZE;Azerbaijan
99254;Chypre;CY;CYP;Cyprus
99255;Géorgie;GE;GEO;Georgia
99256;Kazakhstan;KZ;KAZ;Kazakhstan
99257;Kirghizstan;KG;KGZ;Kyrgyzstan;Kirghizistan
99258;Ouzbékistan;UZ;UZB;Uzbekistan
99259;Tadjikistan;TJ;TJK;Tajikistan
99260;Turkménistan;TM;TKM;Turkmenistan
99261;Palestine;PS;PSE;Palestine;État de Palestine
99262;Timor oriental;TL;TLS;Timor-Leste;Timor-Leste
99263;Protectorat d’Arabie du Sud;;;South Arabia;;99251
99264;Nouvelle-Guinée néerlandaise;;;Netherlands New Guinea;;99231
99265;Territoires australiens de l’océan Indien;;;Australian Indian Ocean Territories;Île Christmas,Îles Cocos
99301;Égypte;EG;EGY;Egypt
99302;Libéria;LR;LBR;Liberia
99303;Afrique du Sud;ZA;ZAF;South Africa
99304;Gambie;GM;GMB;Gambia
99305;Cameroun britannique;;;British Cameroons;;99322
99306;Territoires britanniques de l’océan Atlantique;SH;SHN;Saint Helena;Sainte-Hélène
99307;Kenya (1962-1963);;;Kenya;Kenya;99332
99308;Territoire britannique de l’océan Indien;IO;IOT;British Indian Ocean Territory
99309;Tanzanie;TZ;TZA;Tanzania
99310;Zimbabwe;ZW;ZWE;Zimbabwe
99311;Namibie;NA;NAM;Namibia
99312;République démocratique du Congo;CD;COD;Democratic Republic of the Congo;Congo (RDC),RDC,Zaïre,Congo-Kinshasa
99313;Territoires espagnols en Afrique du Nord;;;Spanish territories in North Africa;Ceuta,Melilla,Canaries
99314;Guinée équatoriale;GQ;GNQ;Equatorial Guinea
99315;Éthiopie;ET;ETH;Ethiopia
99316;Libye;LY;LBY;Libya
99317;Érythrée;ER;ERI;Eritrea
99318;Somalie;SO;SOM;Somalia
99319;Territoires portugais de l’océan Atlantique;;;Portuguese Atlantic territories;Açores,Madère
99320;Mozambique (avant 1975);;;Mozambique;Mozambique;99393
99321;Burundi;BI;BDI;Burundi
99322;Cameroun;CM;CMR;Cameroon
99323;Centrafrique;CF;CAF;Central African Republic;République centrafricaine
99324;Congo;CG;COG;Republic of the Congo;République du Congo,Congo-Brazzaville
99325;Tanger;;;Tangier;Zone internationale de Tanger;99350
99326;Côte d’Ivoire;CI;CIV;Côte d’Ivoire;Ivory Coast
99327;Bénin;BJ;BEN;Benin;Dahomey
99328;Gabon;GA;GAB;Gabon
99329;Ghana;GH;GHA;Ghana
99330;Guinée;GN;GIN;Guinea
99331;Burkina;BF;BFA;Burkina Faso;Burkina Faso,Haute-Volta
99332;Kenya;KE;KEN;Kenya
99333;Madagascar;MG;MDG;Madagascar
99334;Malawi;MW;MWI;Malawi
99335;Mali;ML;MLI;Mali
99336;Mauritanie;MR;MRT;Mauritania
99337;Niger;NE;NER;Niger
99338;Nigéria;NG;NGA;Nigeria;Nigeria
99339;Ouganda;UG;UGA;Uganda
99340;Rwanda;RW;RWA;Rwanda
99341;Sénégal;SN;SEN;Senegal
99342;Sierra Leone;SL;SLE;Sierra Leone
99343;Soudan;SD;SDN;Sudan
99344;Tchad;TD;TCD;Chad
99345;Togo;TG;TGO;Togo
99346;Zambie;ZM;ZMB;Zambia
99347;Botswana;BW;BWA;Botswana
99348;Lesotho;LS;LSO;Lesotho
99349;Soudan du Sud;SS;SSD;South Sudan
99350;Maroc;MA;MAR;Morocco
99351;Tunisie;TN;TUN;Tunisia
99352;Algérie;DZ;DZA;Algeria
99362;Zanzibar;;;Zanzibar;;99309
99363;Terres australes norvégiennes;;;Norwegian Antarctic territories;Île Bouvet
99389;Sahara occidental;EH;ESH;Western Sahara
99390;Maurice;MU;MUS;Mauritius;Île Maurice
99391;Swaziland;SZ;SWZ;Eswatini;Eswatini
99392;Guinée-Bissao;GW;GNB;Guinea-Bissau;Guinée-Bissau
99393;Mozambique;MZ;MOZ;Mozambique
99394;Sao Tomé-et-Principe;ST;STP;São Tomé and Príncipe
99395;Angola;AO;AGO;Angola
99396;Cap-Vert;CV;CPV;Cabo Verde;Cabo Verde
99397;Comores;KM;COM;Comoros
99398;Seychelles;SC;SYC;Seychelles
99399;Djibouti;DJ;DJI;Djibouti
99401;Canada;CA;CAN;Canada
99402;Terre-Neuve;;;Newfoundland;;99401
99403;Labrador;;;Labrador;;99401
99404;États-Unis;US;USA;United States;États-Unis d’Amérique,USA,United States of America
99405;Mexique;MX;MEX;Mexico
99406;Costa Rica;CR;CRI;Costa Rica
99407;Cuba;CU;CUB;Cuba
99408;République dominicaine;DO;DOM;Dominican Republic
99409;Guatémala;GT;GTM;Guatemala;Guatemala
99410;Haïti;HT;HTI;Haiti
99411;Honduras;HN;HND;Honduras
99412;Nicaragua;NI;NIC;Nicaragua
99413;Panama;PA;PAN;Panama
99414;Salvador;SV;SLV;El Salvador;El Salvador
99415;Argentine;AR;ARG;Argentina
99416;Brésil;BR;BRA;Brazil
99417;Chili;CL;CHL;Chile
99418;Bolivie;BO;BOL;Bolivia
99419;Colombie;CO;COL;Colombia
99420;Équateur;EC;ECU;Ecuador
99421;Paraguay;PY;PRY;Paraguay
99422;Pérou;PE;PER;Peru
99423;Uruguay;UY;URY;Uruguay
99424;Vénézuéla;VE;VEN;Venezuela;Venezuela
99425;Territoires britanniques dans les Antilles et Bermudes;;;British Caribbean territories and Bermuda;Bermudes,Îles Caïmans,Anguilla,Montserrat,Îles Vierges britanniques
99426;Jamaïque;JM;JAM;Jamaica
99427;Territoires britanniques dans l’océan Atlantique Sud;;;British South Atlantic territories;Îles Malouines,Falkland
99428;Guyana;GY;GUY;Guyana
99429;Bélize;BZ;BLZ;Belize;Belize
99430;Groenland;GL;GRL;Greenland
99431;Aruba;AW;ABW;Aruba;Antilles néerlandaises
99432;Territoires des États-Unis en Amérique;;;United States territories in America;Porto Rico,Îles Vierges des États-Unis
99433;Trinité-et-Tobago;TT;TTO;Trinidad and Tobago
99434;Barbade;BB;BRB;Barbados
99435;Grenade;GD;GRD;Grenada
99436;Bahamas;BS;BHS;Bahamas
99437;Suriname;SR;SUR;Suriname
99438;Dominique;DM;DMA;Dominica
99439;Sainte-Lucie;LC;LCA;Saint Lucia
99440;Saint-Vincent-et-les-Grenadines;VC;VCT;Saint Vincent and the Grenadines
99441;Antigua-et-Barbuda;AG;ATG;Antigua and Barbuda
99442;Saint-Christophe-et-Niévès;KN;KNA;Saint Kitts and Nevis;Saint-Kitts-et-Nevis
99443;Bonaire, Saint-Eustache, Saba;BQ;BES;Caribbean Netherlands
99444;Curaçao;CW;CUW;Curaçao
99445;Saint-Martin (partie néerlandaise);SX;SXM;Sint Maarten
99446;Territoire antarctique argentin;;;Argentine Antarctica
99447;Territoire antarctique chilien;;;Chilean Antarctic Territory
99501;Australie;AU;AUS;Australia
99502;Nouvelle-Zélande;NZ;NZL;New Zealand
99503;Pitcairn;PN;PCN;Pitcairn Islands
99504;Hawaï;;;Hawaii;;99404
99505;Territoires des États-Unis en Océanie;;;United States territories in Oceania;Guam,Samoa américaines,Îles Mariannes du Nord
99506;Samoa;WS;WSM;Samoa
99507;Nauru;NR;NRU;Nauru
99508;Fidji;FJ;FJI;Fiji
99509;Tonga;TO;TON;Tonga
99510;Papouasie-Nouvelle-Guinée;PG;PNG;Papua New Guinea
99511;Tuvalu;TV;TUV;Tuvalu
99512;Salomon;SB;SLB;Solomon Islands;Îles Salomon
99513;Kiribati;KI;KIR;Kiribati
99514;Vanuatu;VU;VUT;Vanuatu
99515;Marshall;MH;MHL;Marshall Islands;Îles Marshall
99516;Micronésie;FM;FSM;Micronesia
99517;Palaos;PW;PLW;Palau;Palau
99519;Territoires de la Nouvelle-Zélande;;;New Zealand territories;Tokelau
99520;Cook;CK;COK;Cook Islands;Îles Cook
99521;Niue;NU;NIU;Niue
99522;Territoires de l’Australie en Océanie;;;Australian territories in Oceania;Île Norfolk
99699;Antarctique;AQ;ATA;Antarctica
`;

export interface Country {
  /** INSEE code, 99xxx. */
  insee: string;
  /** French name as INSEE writes it. */
  name: string;
  iso2?: string;
  iso3?: string;
  /** English short name, for English-language forms. */
  en?: string;
  /** Other names the country is known by (former names, long forms). */
  aliases: string[];
  /** For a state that no longer exists: the INSEE code of its successor. */
  successor?: string;
}

let table: Map<string, Country> | undefined;

function parse(): Map<string, Country> {
  const map = new Map<string, Country>();
  for (const line of ROWS.split('\n')) {
    if (!line) continue;
    const [insee = '', name = '', iso2, iso3, en, aliases, successor] = line.split(';');
    map.set(insee, {
      insee,
      name,
      ...(iso2 ? { iso2 } : {}),
      ...(iso3 ? { iso3 } : {}),
      ...(en ? { en } : {}),
      aliases: aliases ? aliases.split(',') : [],
      ...(successor ? { successor } : {}),
    });
  }
  return map;
}

/** The country for an INSEE code (`99100` → France), or undefined for an unknown code. */
export function countryByInsee(insee: string): Country | undefined {
  table ??= parse();
  return table.get(insee.trim());
}

/** Every country and territory in the table, in code order. */
export function allCountries(): Country[] {
  table ??= parse();
  return [...table.values()];
}
