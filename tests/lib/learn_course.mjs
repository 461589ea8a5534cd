// A small course folder for the learning tests (three chapters, a quiz of
// five questions after chapter two, a video in chapter one), written to a temporary directory and
// imported with `campus course import`.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CAMPUS_BIN, ROOT } from './server.mjs';

export const GIFT = `::Q1:: What is 2 + 2? {=4#Right, four. ~5#No, that is five.}

::Q2:: Pick the even numbers {~%50%2#two is even ~%50%4#four is even ~%-100%3#three is odd}

::Q3:: Which language has printf in stdio.h? {=C#Yes, C.}

::Q4:: Pi to two decimals {#3.14:0.005}

::Q5:: Match the sounds {=cat -> meow =dog -> woof}
`;

/** Writes the course folder `slug` under dir; returns its path. */
export function writeCourse(dir, slug, { opensOn = '' } = {}) {
  const d = join(dir, slug);
  mkdirSync(join(d, 'chapters'), { recursive: true });
  mkdirSync(join(d, 'quizzes'), { recursive: true });
  mkdirSync(join(d, 'media'), { recursive: true });
  // A WebM (EBML) header is enough for the import; nothing plays it here.
  writeFileSync(join(d, 'media', 'intro.webm'), Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]));
  writeFileSync(join(d, 'course.ini'), `[course]
slug = ${slug}
title = Learning Test ${slug}
lang = en
summary = A course for the learning tests.
level = beginner
category = programming
duration_minutes = 30
author = Test Author
licence = CC-BY-SA-4.0
${opensOn ? `opens_on = ${opensOn}\n` : ''}
[quiz:basics]
title = Basics
after = two
weight = 1
pass_mark = 60

[video:intro]
title = Introduction video
file = media/intro.webm
chapter = one
`);
  writeFileSync(join(d, 'chapters', '01-one.md'), '# Chapter One\n\nThe first chapter, with <script>alert(1)</script> as text.\n');
  writeFileSync(join(d, 'chapters', '02-two.md'), '# Chapter Two\n\nThe second chapter.\n');
  writeFileSync(join(d, 'chapters', '03-three.md'), '# Chapter Three\n\nThe last chapter.\n');
  writeFileSync(join(d, 'quizzes', 'basics.gift'), GIFT);
  return d;
}

/** Writes and imports the given course slugs ({slug, opensOn}) into srv; returns the temporary directory. */
export function importCourses(srv, courses) {
  const dir = mkdtempSync(join(tmpdir(), 'campus-learn-course-'));
  const dirs = courses.map((c) => writeCourse(dir, c.slug, c));
  const imp = spawnSync(CAMPUS_BIN, ['course', 'import', '--data', srv.dataDir, ...(srv.dbUrl ? ['--db', srv.dbUrl] : []), ...dirs],
    { encoding: 'utf8', cwd: ROOT, timeout: 60000 });
  assert.equal(imp.status, 0, `course import: ${imp.stdout}\n${imp.stderr}`);
  return dir;
}
