#!/usr/bin/env python3
"""Checks the actors knowledge-base TSV files by hand (see README.md).

Usage: python3 data/actors/check.py [DIR]   (DIR defaults to this file's folder)
Exits 1 on an error; prints warnings for overlapping terms of one role.
"""
import collections
import datetime
import os
import re
import sys

HEADERS = {
    'countries.tsv': ['id', 'name', 'iso2', 'aliases', 'demonyms', 'metonyms'],
    'people.tsv': ['id', 'name', 'country', 'aliases', 'gender'],
    'offices.tsv': ['person', 'country', 'role', 'title', 'start', 'end'],
    'institutions.tsv': ['id', 'name', 'kind', 'country', 'aliases'],
}
ROLES = {'head_of_state', 'head_of_government', 'foreign_minister', 'international', 'other'}
COUNTED = ('head_of_state', 'head_of_government', 'foreign_minister')


def read(directory, name, errors):
    """Returns [(line_number, fields)] of the data rows of one file."""
    rows = []
    with open(os.path.join(directory, name), encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    if not lines or lines[0].split('\t') != HEADERS[name]:
        errors.append(f'{name}:1: wrong header')
    for n, line in enumerate(lines[1:], 2):
        if line.startswith('#') or not line.strip():
            continue
        fields = line.split('\t')
        if len(fields) != len(HEADERS[name]):
            errors.append(f'{name}:{n}: {len(fields)} columns, want {len(HEADERS[name])}')
            continue
        for x in fields:
            if x != x.strip() or '||' in x or x.startswith('|') or x.endswith('|'):
                errors.append(f'{name}:{n}: stray space or empty alternative in {x!r}')
        rows.append((n, fields))
    return rows


def day(text):
    if not re.fullmatch(r'\d{4}-\d{2}-\d{2}', text):
        raise ValueError(f'not YYYY-MM-DD: {text!r}')
    return datetime.date.fromisoformat(text)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []
    rows = {name: read(directory, name, errors) for name in HEADERS}
    for name, prefix in (('countries.tsv', r'country/'), ('people.tsv', r'person/'),
                         ('institutions.tsv', r'(org|outlet)/')):
        seen = set()
        for n, f in rows[name]:
            if not re.fullmatch(prefix + r'[a-z0-9-]+', f[0]):
                errors.append(f'{name}:{n}: bad id {f[0]!r}')
            if f[0] in seen:
                errors.append(f'{name}:{n}: duplicate id {f[0]}')
            seen.add(f[0])
            if not f[1]:
                errors.append(f'{name}:{n}: empty name')
    countries = {f[0] for _, f in rows['countries.tsv']}
    people = {f[0] for _, f in rows['people.tsv']}
    for n, f in rows['people.tsv']:
        if f[2] and f[2] not in countries:
            errors.append(f'people.tsv:{n}: unknown country {f[2]!r}')
        if f[4] not in ('m', 'f', ''):
            errors.append(f'people.tsv:{n}: gender must be m, f or empty')
    for n, f in rows['institutions.tsv']:
        if f[2] not in ('institution', 'news_outlet'):
            errors.append(f'institutions.tsv:{n}: bad kind {f[2]!r}')
        if f[3] and f[3] not in countries:
            errors.append(f'institutions.tsv:{n}: unknown country {f[3]!r}')
    terms = collections.defaultdict(list)
    for n, f in rows['offices.tsv']:
        if f[0] not in people:
            errors.append(f'offices.tsv:{n}: unknown person {f[0]!r}')
        if f[1] not in countries:
            errors.append(f'offices.tsv:{n}: unknown country {f[1]!r}')
        if f[2] not in ROLES:
            errors.append(f'offices.tsv:{n}: bad role {f[2]!r}')
        try:
            start = day(f[4])
            end = day(f[5]) if f[5] else None
        except ValueError as e:
            errors.append(f'offices.tsv:{n}: {e}')
            continue
        if end and end < start:
            errors.append(f'offices.tsv:{n}: end before start')
        if f[2] in COUNTED:
            terms[(f[1], f[2])].append((start, end or datetime.date.max, f[0], n))
    for (country, role), spans in terms.items():
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if a[2] != b[2] and a[1] >= b[0]:
                print(f'warning: offices.tsv:{b[3]}: {role} of {country}: {a[2]} (to {a[1]}) '
                      f'overlaps {b[2]} (from {b[0]})')
    for e in errors:
        print(e)
    print(', '.join(f'{name}: {len(r)} rows' for name, r in rows.items()), f'| {len(errors)} errors')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
