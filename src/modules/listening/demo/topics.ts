// The demo workspace's topics and their queries, written the way an analyst would set up monitoring
// for a coffee brand: the brand, two competitors, two product lines and a campaign. The queries use
// most of the language (specs/query-language.md) so the demo shows what it can do.
import type { TopicKind } from '../../../db/schema.js';

export type DemoTopic = { key: string; name: string; kind: TopicKind; color: string; description: string; queries: { name: string; query: string }[] };

/** Words near which "lumen", "kestrel" and "morrow" mean a coffee company and not light, a bird or tomorrow. */
const COFFEE_WORDS = '(coffee OR café OR cafe OR kaffee OR latte OR espresso OR barista OR roasters)';

export const DEMO_TOPICS: readonly DemoTopic[] = [
  {
    key: 'lumen',
    name: 'Lumen Coffee',
    kind: 'brand',
    color: '#e8a33d',
    description: 'Our brand: the company, its cafés and its people (demo).',
    queries: [
      { name: 'Brand name, handle and hashtag', query: `("lumen coffee" OR @lumencoffee OR #lumencoffee OR (lumen NEAR/3 ${COFFEE_WORDS})) -lumens -author:lumencoffee` },
      { name: 'Japanese name', query: 'ルーメンコーヒー OR (lumen lang:ja)' },
    ],
  },
  {
    key: 'kestrel',
    name: 'Kestrel Coffee',
    kind: 'competitor',
    color: '#4c6ef5',
    description: 'Competitor: a national café chain (demo).',
    queries: [{ name: 'Kestrel Coffee', query: `"kestrel coffee" OR @kestrelcoffee OR #kestrelcoffee OR (kestrel NEAR/2 ${COFFEE_WORDS}) OR ケストレルコーヒー` }],
  },
  {
    key: 'morrow',
    name: 'Morrow Roasters',
    kind: 'competitor',
    color: '#7950f2',
    description: 'Competitor: a specialty roaster selling beans and subscriptions (demo).',
    queries: [{ name: 'Morrow Roasters', query: '"morrow roasters" OR @morrowroasters OR #morrowroasters OR モローロースターズ' }],
  },
  {
    key: 'aurora',
    name: 'Aurora espresso machine',
    kind: 'product',
    color: '#12b886',
    description: 'Product line: the Lumen Aurora home espresso machine (demo).',
    queries: [
      {
        name: 'Aurora machine',
        query: '"lumen aurora" OR #lumenaurora OR ((aurora NEAR/3 (espresso OR espressomaschine OR machine OR maschine OR máquina OR cafetera)) -borealis -australis)',
      },
    ],
  },
  {
    key: 'app',
    name: 'Lumen app & rewards',
    kind: 'product',
    color: '#fa5252',
    description: 'Product line: ordering ahead, paying and collecting points in the Lumen app (demo).',
    queries: [
      // French elides the article: "l’appli" is one word, "lappli".
      { name: 'App and support account', query: '@lumensupport OR #lumenapp OR (lumen NEAR/3 (app OR appli OR lappli OR application OR lapplication OR aplicación OR rewards OR points OR puntos OR pontos OR punkte))' },
      { name: 'App, Japanese', query: '"lumen app" lang:ja' },
    ],
  },
  {
    key: 'campaign',
    name: '#BrewTheLight summer campaign',
    kind: 'campaign',
    color: '#fab005',
    description: 'Campaign: the summer menu and its photo contest (demo).',
    queries: [
      { name: 'Campaign hashtag and slogan', query: '#brewthelight OR "brew the light"' },
      { name: 'Contest, other languages', query: '(lumen NEAR/4 (sorteo OR concours OR gewinnspiel OR sorteio)) lang:(es OR fr OR de OR pt)' },
    ],
  },
];
