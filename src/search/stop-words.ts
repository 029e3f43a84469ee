// Function words of French and Arabic: words that say neither what an
// article is about nor which event it tells. One list for the search's key
// terms ("Lire aussi") and for story detection, written as a reader spells
// them; each folds it with its own normalisation (Snowball stems for the
// index, src/stories/normalize.ts for stories).

export const FRENCH_STOP_WORDS = words(`
a à afin ai aie ainsi alors apres après au aucun aucune aujourd aujourdhui auprès auquel aussi autre autres
aux auxquelles auxquels avait avaient avant avec avoir ayant c ça car ce ceci cela celle celles celui
cependant ces cet cette ceux chaque chez ci comme comment contre d dans de depuis des desquelles desquels dès
deux dont du duquel durant elle elles en encore entre est et été etre être eu eux fait faire fois font hier
ici il ils j je jusqu jusque l la là laquelle le lequel les lesquelles lesquels leur leurs lors lui m ma mais
me même mêmes mes moi moins mon n ne ni non nos notre nous on ont or ou où par parce parmi pas pendant peu
peut plus plusieurs pour pourquoi près puis qu quand que quel quelle quelles quels qui quoi s sa sans se selon
ses si sien soi soit son sont sous suis sur t ta tandis te tes toi ton tous tout toute toutes très trop tu un
une vers via voici voilà vos votre vous y a-t-il selon-lui cet ces lundi mardi mercredi jeudi vendredi samedi
dimanche annonce annoncé a-t-elle indique indiqué affirme affirmé déclaré déclare précise précisé selon trois
année ans jour jours mois hui demain cours fin début nouveau nouvelle
`);

export const ARABIC_STOP_WORDS = words(`
في من على إلى الى عن مع أن إن ان كان كانت يكون التي الذي الذين اللذين هذا هذه ذلك تلك هناك هنا ما لا لم لن قد
ثم أو او أي أيضا بعد قبل عند حيث حتى منذ خلال بين كل بعض غير وقد وفي ومن وعلى وهو وهي هو هي هم نحن أنه انه
أنها انها إلى عليه عليها فيه فيها منه منها له لها به بها التى يوم اليوم أمس الأحد الاثنين الثلاثاء الأربعاء
الخميس الجمعة السبت قال قالت أكد أكدت أعلن أعلنت وأضاف وأضافت أفاد أفادت حسب وفق وفقا لدى نحو تم يتم ضمن و لقد
`);

function words(raw: string): string[] {
  return raw.split(/\s+/).filter(Boolean);
}
