/* «Regn selv» / «Rekn sjølv»: the council tries its own assumptions in the web edition.
 *
 * The same deterministic (expected-value) calculation as the model (grunnlag/model/economics.py
 * and views.py) for one municipality, from the constants the page carries
 * (<script id="regn-selv-data">, made by grunnlag/model/whatif.py). Each formula names the
 * Python function it repeats; tests/test_regn_selv.py compares the two in Chromium.
 * Shared by every report's web page; nothing is fetched, nothing is sent anywhere.
 */
(function () {
  "use strict";

  function range(first, last) {
    var out = [];
    for (var y = first; y <= last; y++) out.push(y);
    return out;
  }

  function sum(values) {
    var s = 0;
    for (var i = 0; i < values.length; i++) s += values[i];
    return s;
  }

  // economics.equalise: what falls in or before `year` is paid in `year`
  function equalise(flows, year) {
    if (year === null) return flows;
    var out = {}, early = 0;
    Object.keys(flows).forEach(function (k) {
      var y = Number(k);
      if (y > year) out[y] = flows[k]; else early += flows[k];
    });
    out[year] = early;
    return out;
  }

  function fill(years, flows) {
    var out = {};
    years.forEach(function (y) { out[y] = flows[y] || 0; });
    return out;
  }

  // economics profiles: share of full level `k` years after go-live
  function shape(line, k, d) {
    if (line.profil === "from") return k >= line.forste ? 1 : 0;
    if (line.profil === "once") {
      var i = k - line.forste;
      return i >= 0 && i < line.andeler.length ? line.andeler[i] : 0;
    }
    if (k < 0) return 0;  // ramp (realiseringstakt)
    return d.realisering[Math.min(k, d.realisering.length - 1)];
  }

  function compute(d, c) {
    var years = range(d.ar[0], d.ar[1]);
    var disc = function (y) { return Math.pow(1 + d.rente, -(y - 2019)); };
    var pv = function (flows) {
      return sum(Object.keys(flows).map(function (y) { return flows[y] * disc(Number(y)); }));
    };
    var share = c.deltakelse, g = c.innforingsar;
    // economics.key_share
    var key = c.fast_andel / (share * d.kommuner)
      + (1 - c.fast_andel) * d.folketall / (share * d.folketall_alle);
    var takeUp = d.opsjon ? g - (d.lokal_fase.length - 1) : null;
    var phase = {}, psum = 0;
    Object.keys(d.fase).forEach(function (y) { phase[Number(y)] = d.fase[y]; psum += d.fase[y]; });

    // economics.budget_lines (P50, the basis path)
    var programTotal = d.program_p50 * (d.program_fast + (1 - d.program_fast) * share);
    var programNok = key * (programTotal - c.statens_andel * d.program_p50);
    var program = {};
    Object.keys(phase).forEach(function (y) { program[y] = programNok * phase[y] / psum; });
    program = fill(years, equalise(program, takeUp));
    var local = {}, n = d.lokal_fase.length;
    d.lokal_fase.forEach(function (s, i) { local[g - n + 1 + i] = d.lokal * s; });
    local = fill(years, local);
    var fixedYearly = d.drift_fast_per_ar * key * d.mva;
    var variable = d.drift_variabel * d.mva;
    var fixed = {};
    years.forEach(function (y) { fixed[y] = y >= d.drift_start ? fixedYearly : 0; });
    fixed = fill(years, equalise(fixed, takeUp));
    var drift = {};
    years.forEach(function (y) { drift[y] = fixed[y] + (y >= g ? variable : 0); });
    var oldDrift = Math.round(c.dagens_drift);

    // views.cash_years and views.loan_payments
    var vat = 1 - 1 / d.mva;
    var index = function (y) { return Math.pow(1 + c.prisvekst, y - 2019); };
    var interest = {}, instalment = {};
    years.forEach(function (y) { interest[y] = 0; instalment[y] = 0; });
    years.forEach(function (v) {
      var amount = d.lan_andel * program[v] * (1 - vat);
      if (amount <= 0) return;
      var nominal = amount * index(v);
      for (var k = 1; k <= d.lan_lopetid; k++) {
        var y = v + k;
        if (!(y in interest)) continue;
        interest[y] += c.lanerente * nominal * (1 - (k - 1) / d.lan_lopetid) / index(y);
        instalment[y] += nominal / d.lan_lopetid / index(y);
      }
    });
    var rows = years.map(function (y) {
      var after = y > g ? 1 : 0;
      var proc = d.anskaffelser_per_ar * after, old = oldDrift * after;
      var inv = -program[y] + proc + vat * (program[y] - proc)
        + d.lan_andel * program[y] * (1 - vat);
      var run = -local[y] - drift[y] + old
        + vat * (local[y] * (1 - d.egne_ansatte) + drift[y] - old)
        - interest[y] - instalment[y];
      return {ar: y, driftsdel: run, investeringsdel: inv, netto: run + inv,
              netto_lopende: (run + inv) * index(y)};
    });

    // economics.soa_lines for the municipality, and views.npv_parts
    var atExpected = d.program_fast + (1 - d.program_fast) * d.forventet;
    var value = (d.soa_program / atExpected * (d.program_fast + (1 - d.program_fast) * share)
      - c.statens_andel * d.soa_program / atExpected) * key;
    var scale = value / sum(Object.keys(phase).map(function (y) {
      return phase[y] * disc(Number(y));
    }));
    var soaProgram = {};
    Object.keys(phase).forEach(function (y) { soaProgram[y] = phase[y] * scale; });
    soaProgram = fill(years, equalise(soaProgram, takeUp));
    var soaFixed = {};
    years.forEach(function (y) { soaFixed[y] = y >= d.drift_start ? d.drift_fast_per_ar * key : 0; });
    soaFixed = fill(years, equalise(soaFixed, takeUp));
    var line = function (name) {
      var l = d.linjer[name], flows = {};
      years.forEach(function (y) { flows[y] = l.niva * shape(l, y - g, d); });
      return pv(flows);
    };
    var costs = {program: pv(soaProgram), drift_fast: pv(soaFixed),
                 lokal_innforing: line("lokal_innforing"), drift_variabel: line("drift_variabel"),
                 omstilling: line("omstilling")};
    var gains = {tidsgevinst: line("tidsgevinst"),
                 gamle_it_anskaffelser: line("gamle_it_anskaffelser"),
                 gamle_it_drift: line("gamle_it_drift"),
                 hendelser_kommunal: line("hendelser_kommunal")};
    var total = Math.round(sum(Object.values(gains))) - Math.round(sum(Object.values(costs)));
    var kontant = Math.round(gains.gamle_it_anskaffelser + gains.gamle_it_drift - costs.program
      - costs.drift_fast - costs.lokal_innforing - costs.drift_variabel);
    var tid = Math.round(gains.tidsgevinst - costs.omstilling);

    // views.freed_time
    var minutesPerDay = d.timer * 60 / d.dager;
    var folk = d.folketall / d.folketall_alle;
    var gpFull = d.fastleger[d.fastleger.length - 1];
    var fte = 0, fteYears = {};
    years.forEach(function (y) { fteYears[y] = 0; });
    d.tjenester.forEach(function (s) {
      var base = s[0] * s[1] / minutesPerDay * folk;
      fte += base * (s[2] + (1 - s[2]) * gpFull);
      years.forEach(function (y) {
        var k = y - g;
        if (k < 0) return;
        var ramp = d.realisering[Math.min(k, d.realisering.length - 1)];
        var gp = d.fastleger[Math.min(k, d.fastleger.length - 1)];
        fteYears[y] += base * ramp * (s[2] + (1 - s[2]) * gp);
      });
    });

    return {
      ar: rows.map(function (r) {
        return {ar: r.ar, driftsdel: Math.round(r.driftsdel),
                investeringsdel: Math.round(r.investeringsdel), netto: Math.round(r.netto),
                netto_lopende: Math.round(r.netto_lopende)};
      }),
      netto: Math.round(sum(rows.map(function (r) { return r.netto; }))),
      arsverk: Math.round(fte * 100) / 100,
      arsverk_ar: Object.keys(fteYears).reduce(function (o, y) {
        o[y] = Math.round(fteYears[y] * 100) / 100; return o;
      }, {}),
      naverdi: total,
      deler: {kontant: kontant, tid: tid, hendelser: total - kontant - tid}
    };
  }

  // economics.national_split for the nation at a participation share and key: each
  // municipality's own net present value is its fixed parts less what its key costs
  function national(d, share, fixed) {
    var rows = d.kommuner, pf = d.program_fast;
    var population = sum(rows.map(function (r) { return r[1]; }));
    var m = rows.length * share, pop = population * share;
    var atExpected = pf + (1 - pf) * d.forventet;
    var statePart = d.statens_andel * d.soa_program / atExpected;
    var perKey = d.soa_program / atExpected * (pf + (1 - pf) * share) - statePart;
    var own = 0, others = 0, state = 0, negative = 0;
    rows.forEach(function (r) {  // [nr, folketall, gains, costs, programme ratio, drift, andre, staten]
      var key = fixed / m + (1 - fixed) * r[1] / pop;
      var npv = Math.round(r[2]) - Math.round(r[3] + key * (perKey * r[4] + r[5]));
      own += npv;
      others += r[6];
      state += r[7];
      if (npv < 0) negative += 1;
    });
    var kommunane = share * own, andre = share * others;
    var staten = d.nasjonale_losninger * share / d.forventet - statePart - d.steg1
      + share * state;
    return {kommunane: Math.round(kommunane), staten: Math.round(staten),
            andre: Math.round(andre), total: Math.round(kommunane + staten + andre),
            negative: negative};
  }

  // A section of the page, its data and its texts (<script id="ID-data">, "ID-tekst"); null
  // where the page has no such section
  function section(id) {
    var node = document.getElementById(id + "-data"), el = document.getElementById(id);
    if (!node || !el) return null;
    return {el: el, d: JSON.parse(node.textContent), lang: el.getAttribute("data-lang") || "nb",
            texts: JSON.parse(document.getElementById(id + "-tekst").textContent)};
  }

  function startNational() {
    var s = section("regn-selv-nasjonalt");
    if (!s) return;
    var d = s.d, lang = s.lang, texts = s.texts, el = s.el;
    var share = document.getElementById("rsn-deltakelse");
    var fixed = document.getElementById("rsn-fast_andel");
    function update() {
      var r = national(d, Number(share.value), Number(fixed.value));
      document.getElementById("rsn-deltakelse-verdi").textContent =
        shown(lang, "deltakelse", Number(share.value));
      document.getElementById("rsn-fast_andel-verdi").textContent =
        shown(lang, "fast_andel", Number(fixed.value));
      ["kommunane", "staten", "andre", "total"].forEach(function (k) {
        document.getElementById("rsn-" + k).textContent = amount(lang, r[k]);
      });
      document.getElementById("rsn-negative").textContent = String(r.negative);
      document.getElementById("rsn-sammendrag").textContent = texts.sammendrag
        .replace("{total}", amount(lang, r.total)).replace("{negative}", String(r.negative))
        .replace("{antall}", String(d.kommuner.length));
      el.setAttribute("data-resultat", JSON.stringify(r));
    }
    [share, fixed].forEach(function (input) { input.addEventListener("input", update); });
    document.getElementById("rsn-nullstill").addEventListener("click", function () {
      share.value = d.start.deltakelse; fixed.value = d.start.fast_andel; update();
    });
    el.removeAttribute("hidden");
    update();
  }

  // ------------------------------------------------------------------ the page
  var FIELDS = ["deltakelse", "innforingsar", "fast_andel", "statens_andel", "dagens_drift",
                "prisvekst", "lanerente"];

  function number(lang, x, decimals) {
    // nb-NO for both forms: nynorsk writes numbers the same way, and not every browser has
    // nn-NO's number data
    var s = new Intl.NumberFormat("nb-NO", {
      minimumFractionDigits: decimals || 0, maximumFractionDigits: decimals || 0
    }).format(x);
    return s.replace(/-/g, "\u2212").replace(/[\u202f ]/g, "\u00a0");
  }

  function amount(lang, x) {  // fmt.belop: 4,7 mrd. kr, 12,5 mill. kr, 693 000 kr
    var a = Math.abs(x), nb = "\u00a0";
    var dec = function (v) { return Math.round(v * 10) / 10 === Math.round(v) ? 0 : 1; };
    if (a >= 1e9) return number(lang, x / 1e9, dec(x / 1e9)) + nb + "mrd." + nb + "kr";
    if (a >= 1e6) return number(lang, x / 1e6, dec(x / 1e6)) + nb + "mill." + nb + "kr";
    if (a >= 1e4) return number(lang, Math.round(x / 1e3) * 1e3) + nb + "kr";
    return number(lang, Math.round(x)) + nb + "kr";
  }

  function shown(lang, name, v) {
    if (name === "innforingsar") return String(v);
    if (name === "dagens_drift") return number(lang, v) + "\u00a0kr";
    var d = name === "deltakelse" || name === "fast_andel" || name === "statens_andel" ? 0 : 1;
    return number(lang, v * 100, d) + "\u00a0%";
  }

  function fromHash(start) {
    var c = Object.assign({}, start);
    var m = /[#&?]rs=([^&]*)/.exec(window.location.hash);
    if (!m) return c;
    decodeURIComponent(m[1]).split(",").forEach(function (part) {
      var kv = part.split(":"), v = Number(kv[1]);
      if (FIELDS.indexOf(kv[0]) >= 0 && isFinite(v)) c[kv[0]] = v;
    });
    return c;
  }

  function toHash(c, start) {
    var parts = FIELDS.filter(function (f) { return c[f] !== start[f]; })
      .map(function (f) { return f + ":" + c[f]; });
    var hash = parts.length ? "#regn-selv&rs=" + encodeURIComponent(parts.join(",")) : "#regn-selv";
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash);
    }
  }

  function chart(svg, rows, title, description) {
    var ns = "http://www.w3.org/2000/svg", w = 600, h = 180, pad = 4;
    var max = Math.max.apply(null, rows.map(function (r) { return Math.abs(r.netto); })) || 1;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    [["title", "rs-figur-tittel", title], ["desc", "rs-figur-beskrivelse", description]]
      .forEach(function (t) {
        var e = document.createElementNS(ns, t[0]);
        e.setAttribute("id", t[1]);
        e.textContent = t[2];
        svg.appendChild(e);
      });
    svg.setAttribute("aria-labelledby", "rs-figur-tittel rs-figur-beskrivelse");
    var bw = (w - 2 * pad) / rows.length, mid = h / 2;
    var axis = document.createElementNS(ns, "line");
    axis.setAttribute("x1", pad); axis.setAttribute("x2", w - pad);
    axis.setAttribute("y1", mid); axis.setAttribute("y2", mid);
    axis.setAttribute("stroke", "#555");
    svg.appendChild(axis);
    rows.forEach(function (r, i) {
      var bar = document.createElementNS(ns, "rect"), len = Math.abs(r.netto) / max * (mid - pad);
      bar.setAttribute("x", pad + i * bw + 1); bar.setAttribute("width", Math.max(1, bw - 2));
      bar.setAttribute("y", r.netto >= 0 ? mid - len : mid); bar.setAttribute("height", len);
      bar.setAttribute("fill", r.netto >= 0 ? "#1f5f8b" : "#c8561b");
      svg.appendChild(bar);
    });
  }

  function start() {
    var s = section("regn-selv");
    if (!s) return;
    var d = s.d, lang = s.lang, texts = s.texts, el = s.el;
    var base = compute(d, d.start);
    var c = fromHash(d.start);
    // the address changes only when the reader changes something (or came with choices)
    var touched = /[#&?]rs=/.test(window.location.hash);
    var body = document.getElementById("rs-rader");
    var out = {};
    FIELDS.forEach(function (f) {
      var input = document.getElementById("rs-" + f);
      out[f] = document.getElementById("rs-" + f + "-verdi");
      input.value = c[f];
      input.addEventListener("input", function () {
        var v = Number(input.value);
        if (input.value !== "" && isFinite(v)) { c[f] = v; touched = true; update(); }
      });
    });
    document.getElementById("rs-nullstill").addEventListener("click", function () {
      c = Object.assign({}, d.start);
      touched = true;
      FIELDS.forEach(function (f) { document.getElementById("rs-" + f).value = c[f]; });
      update();
    });
    el.removeAttribute("hidden");

    function cell(tag, text, cls) {
      var e = document.createElement(tag);
      e.textContent = text;
      if (cls) e.className = cls;
      return e;
    }

    function update() {
      var t0 = performance.now();
      var r = compute(d, c);
      FIELDS.forEach(function (f) { out[f].textContent = shown(lang, f, c[f]); });
      while (body.firstChild) body.removeChild(body.firstChild);
      r.ar.forEach(function (row, i) {
        var tr = document.createElement("tr");
        if (row.ar <= 2024) tr.className = "plan";
        var th = cell("th", String(row.ar)); th.setAttribute("scope", "row");
        tr.appendChild(th);
        [row.driftsdel, row.investeringsdel, row.netto, row.netto_lopende,
         base.ar[i].netto].forEach(function (v) {
          tr.appendChild(cell("td", number(lang, Math.round(v / 1000)), "n"));
        });
        body.appendChild(tr);
      });
      var put = function (id, text) { document.getElementById(id).textContent = text; };
      put("rs-netto", amount(lang, r.netto));
      put("rs-netto-ref", amount(lang, base.netto));
      put("rs-arsverk", number(lang, r.arsverk, 1));
      put("rs-arsverk-ref", number(lang, base.arsverk, 1));
      put("rs-naverdi", amount(lang, r.naverdi));
      put("rs-naverdi-ref", amount(lang, base.naverdi));
      ["kontant", "tid", "hendelser"].forEach(function (k) {
        put("rs-" + k, amount(lang, r.deler[k]));
        put("rs-" + k + "-ref", amount(lang, base.deler[k]));
      });
      var summary = texts.sammendrag.replace("{netto}", amount(lang, r.netto))
        .replace("{arsverk}", number(lang, r.arsverk, 1))
        .replace("{naverdi}", amount(lang, r.naverdi));
      put("rs-sammendrag", summary);
      chart(document.getElementById("rs-figur"), r.ar, texts.figur, summary);
      if (touched) toHash(c, d.start);
      el.setAttribute("data-ms", String(performance.now() - t0));
      el.setAttribute("data-resultat", JSON.stringify(r));
    }
    update();
  }

  window.regnSelv = {compute: compute, national: national};
  function both() { start(); startNational(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", both);
  } else {
    both();
  }
})();
