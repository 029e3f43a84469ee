// Realistic third-party article HTML of a chosen size, for speed figures:
// what a WordPress-style news CMS leaves in an extracted body (wrapper divs,
// classes and inline styles, lazy images with noscript fallbacks, srcset,
// an embed, a share script, a tracking pixel, French and Arabic text).

const FR =
  'Le gouvernement a présenté mercredi à Rabat son projet de loi de finances, qui prévoit une hausse de l’investissement public et une réforme de la TVA sur les produits de première nécessité.';
const AR =
  'قدّمت الحكومة يوم الأربعاء بالرباط مشروع قانون المالية الذي يتوقع ارتفاع الاستثمار العمومي وإصلاح الضريبة على القيمة المضافة.';

function block(i: number, lang: 'fr' | 'ar'): string {
  const text = lang === 'fr' ? FR : AR;
  const parts = [
    `<div class="wp-block-group" style="margin:0 auto"><p class="has-text" style="font-size:18px" data-track="p${i}">${text} <a href="/${2025}/0${(i % 9) + 1}/article-${i}.html" class="internal" target="_blank" onclick="track(${i})">Lire aussi</a> <span class="hl"><strong>${text.slice(0, 40)}</strong></span>&nbsp;: <em>«&nbsp;citation&nbsp;»</em>.</p></div>`,
  ];
  if (i % 4 === 0) {
    parts.push(
      `<figure class="wp-block-image size-large"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/wp-content/uploads/2025/03/photo-${i}.jpg" data-srcset="/wp-content/uploads/2025/03/photo-${i}-300x200.jpg 300w, /wp-content/uploads/2025/03/photo-${i}-1024x683.jpg 1024w" class="lazyload" width="1024" height="683" alt="Photo ${i}"><noscript><img src="/wp-content/uploads/2025/03/photo-${i}.jpg" alt="Photo ${i}"></noscript><figcaption class="wp-element-caption">Photo d’illustration © MAP</figcaption></figure>`,
    );
  }
  if (i % 7 === 3) {
    parts.push(
      `<div class="embed"><iframe src="https://www.youtube.com/embed/xyz${i}" width="560" height="315" allowfullscreen></iframe><script async src="https://platform.twitter.com/widgets.js"></script></div>`,
    );
  }
  if (i % 5 === 2) {
    parts.push(
      `<ul class="list"><li><a href="https://example.ma/a?utm_source=x&amp;id=${i}">${text.slice(0, 30)}</a></li><li>${text.slice(0, 50)}</li></ul><blockquote class="twitter-tweet" style="color:red"><p lang="ar" dir="rtl">${AR}</p></blockquote>`,
    );
  }
  if (i % 9 === 8) {
    parts.push(
      `<img src="https://pixel.wp.com/g.gif?v=${i}" width="1" height="1" alt=""><table class="t"><tbody><tr><th>Année</th><th>Taux</th></tr><tr><td>2025</td><td>3,2&nbsp;%</td></tr></tbody></table>`,
    );
  }
  return parts.join('\n');
}

/** An article body of about `bytes` characters. */
export function sampleArticleHtml(bytes: number, lang: 'fr' | 'ar' = 'fr'): string {
  const out: string[] = [`<div class="entry-content" id="content"><h2 class="sub">Intertitre</h2>`];
  let size = out[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const b = block(i, lang);
    out.push(b);
    size += b.length + 1;
  }
  out.push('<script>window.dataLayer.push({event:"read"})</script></div>');
  return out.join('\n');
}
