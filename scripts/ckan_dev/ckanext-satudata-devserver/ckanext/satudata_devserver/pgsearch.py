"""Dataset search served from PostgreSQL, for a CKAN that has no Solr.

TEST/DEV ONLY. The machines this project runs on reach PyPI, Debian and npm
only, and none of them ships Solr, so ``scripts/ckan-dev`` starts CKAN
without it. This module answers the questions CKAN normally asks Solr, with
plain SQL against CKAN's own tables. It is deliberately simple (no ranking, no
stemming, no full Solr syntax): it exists so that clients which call
``package_search`` with ordinary parameters get the same result *shape* and
sensible results from a real CKAN.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import ckan.authz as authz
import ckan.lib.plugins as lib_plugins
import ckan.logic.schema as logic_schema
import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery

# Parameters package_search accepts besides the Solr ones (core pops them
# before the query reaches Solr).
_OWN_PARAMS = {'include_private', 'include_drafts', 'include_deleted',
               'use_default_schema', 'facet.sort', 'q.op'}

# One filter clause: optional sign, field, colon, then a quoted string, a
# parenthesised "(a OR b)" list or a bare token.
_CLAUSE_RE = re.compile(r'''
    (?P<sign>[+-]?)
    (?P<field>[A-Za-z_][\w.]*)
    :\s*
    (?P<value>"(?:[^"\\]|\\.)*"|\([^)]*\)|(?:[^\s()\\]|\\.)+)
''', re.X)
_UNESCAPE_RE = re.compile(r'\\(.)')
_PACKAGE_COLUMNS = {c.name for c in model.package_table.columns}
_SORT_COLUMNS = {
    'metadata_modified': model.Package.metadata_modified,
    'metadata_created': model.Package.metadata_created,
    'name': model.Package.name,
    'title': model.Package.title,
    'title_string': model.Package.title,
    'id': model.Package.id,
    'state': model.Package.state,
    'type': model.Package.type,
    'dataset_type': model.Package.type,
}


class NoSolrPackageSearchQuery(PackageSearchQuery):
    """Stands in for Solr in ``ckan.lib.search._QUERIES['package']``.

    Without it every ``package_show`` first tries to read its cached copy from
    Solr (``search.show``) and only falls back to the database after a failed
    connection. Raising ``SearchError`` straight away gives the same fallback
    without any network call. The few core paths that still need a real index
    (``package_autocomplete``, ``current_package_list_with_resources``, the
    organization bulk update) get a clear error instead of a connection error.
    """

    _MSG = ('Solr is not available in the satudata ckan-dev server; only '
            'package_search is served (from PostgreSQL)')

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        return []

    def get_index(self, reference: str) -> dict[str, Any]:
        raise SearchError(self._MSG)

    def run(self, query: dict[str, Any],
            permission_labels: list[str] | None = None,
            **kwargs: Any) -> dict[str, Any]:
        raise SearchError(self._MSG)


def group_dataset_counts() -> dict[str, dict[str, int]]:
    """Replacement for ``model_dictize.get_group_dataset_counts``.

    The original asks Solr for ``owner_org`` and ``groups`` facets, so
    ``organization_list(all_fields=True)`` and friends fail (HTTP 500) without
    Solr. Like the Solr query it replaces it counts every active dataset,
    public or private.
    """
    pkg, grp, mem = model.Package, model.Group, model.Member
    owner_org = dict(
        model.Session.query(pkg.owner_org, sa.func.count(pkg.id))
        .filter(pkg.state == 'active', pkg.owner_org.isnot(None))
        .group_by(pkg.owner_org).all())
    groups = dict(
        model.Session.query(grp.name, sa.func.count(sa.distinct(pkg.id)))
        .join(mem, mem.group_id == grp.id)
        .join(pkg, pkg.id == mem.table_id)
        .filter(mem.table_name == 'package', mem.state == 'active',
                pkg.state == 'active', grp.is_organization.is_(False))
        .group_by(grp.name).all())
    return {'owner_org': owner_org, 'groups': groups}


# --------------------------------------------------------------- parsing

def _unquote(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    return _UNESCAPE_RE.sub(r'\1', raw)


def _values(raw: str) -> list[str]:
    """``"a"`` -> ['a'];  ``(a OR "b c")`` -> ['a', 'b c']."""
    if raw.startswith('('):
        parts = re.split(r'\s+OR\s+', raw[1:-1].strip(), flags=re.I)
        return [_unquote(p) for p in parts if p.strip()]
    return [_unquote(raw)]


def _parse(text: str) -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """Split a Solr-ish query into (sign, field, values) clauses + free words."""
    clauses: list[tuple[str, str, list[str]]] = []
    rest: list[str] = []
    pos = 0
    for m in _CLAUSE_RE.finditer(text):
        rest.append(text[pos:m.start()])
        pos = m.end()
        clauses.append((m['sign'], m['field'], _values(m['value'])))
    rest.append(text[pos:])
    words = [w for w in ' '.join(rest).split()
             if w.upper() not in ('AND', '&&')]
    return clauses, words


# --------------------------------------------------------------- filters

def _in_org(value: str) -> sa.sql.ColumnElement:
    ids = sa.select(model.Group.id).where(
        model.Group.is_organization.is_(True),
        sa.or_(model.Group.name == value, model.Group.id == value))
    return model.Package.owner_org.in_(ids.scalar_subquery())


def _field_condition(field: str, value: str) -> sa.sql.ColumnElement:
    """One ``field:value`` clause as an SQL condition on ``package``."""
    pkg = model.Package
    if value == '*':
        return sa.true()
    if field in ('type', 'dataset_type'):
        return pkg.type == value
    if field == 'capacity':
        return pkg.private.is_(value == 'private')
    if field == 'owner_org':
        return sa.or_(pkg.owner_org == value, _in_org(value))
    if field == 'organization':
        return _in_org(value)
    if field == 'groups':
        grp, mem = model.Group, model.Member
        sub = (sa.select(mem.table_id)
               .join(grp, grp.id == mem.group_id)
               .where(mem.table_name == 'package', mem.state == 'active',
                      grp.is_organization.is_(False),
                      sa.or_(grp.name == value, grp.id == value)))
        return pkg.id.in_(sub.scalar_subquery())
    if field == 'tags':
        sub = (sa.select(model.PackageTag.package_id)
               .join(model.Tag, model.Tag.id == model.PackageTag.tag_id)
               .where(model.PackageTag.state == 'active',
                      model.Tag.name == value))
        return pkg.id.in_(sub.scalar_subquery())
    if field == 'res_format':
        sub = sa.select(model.Resource.package_id).where(
            model.Resource.state == 'active',
            sa.func.upper(model.Resource.format) == value.upper())
        return pkg.id.in_(sub.scalar_subquery())
    if field in ('title', 'notes', 'text'):
        return _text_condition(value, ('title', 'notes') if field == 'text'
                               else (field,))
    if field == 'site_id':
        return sa.true()  # one CKAN per database here
    if field in _PACKAGE_COLUMNS:
        return getattr(pkg, field) == value
    # Anything else is taken as an extra (scheming stores its custom
    # dataset fields as extras; the Solr index calls them extras_<key>).
    key = field[len('extras_'):] if field.startswith('extras_') else field
    sub = sa.select(model.PackageExtra.package_id).where(
        model.PackageExtra.key == key, model.PackageExtra.value == value,
        model.PackageExtra.state == 'active')
    return pkg.id.in_(sub.scalar_subquery())


def _text_condition(word: str, columns: Iterable[str] = ('name', 'title',
                                                          'notes')
                    ) -> sa.sql.ColumnElement:
    """Case-insensitive substring match of one word in any of the columns."""
    word = word.strip('"*')
    if not word:
        return sa.true()
    pattern = '%' + word.replace('\\', '\\\\').replace('%', '\\%') \
        .replace('_', '\\_') + '%'
    return sa.or_(*(getattr(model.Package, c).ilike(pattern, escape='\\')
                    for c in columns))


def _conditions(text: str, free_text_allowed: bool
                ) -> list[sa.sql.ColumnElement]:
    clauses, words = _parse(text)
    out: list[Any] = []
    for sign, field, values in clauses:
        cond = sa.or_(*(_field_condition(field, v) for v in values))
        out.append(sa.not_(cond) if sign == '-' else cond)
    if words and not free_text_allowed:
        raise SearchQueryError(
            f'ckan-dev search: unsupported filter syntax: {" ".join(words)!r}')
    out.extend(_text_condition(w) for w in words if w not in ('*:*', '*'))
    return out


def _order_by(sort: str) -> list[Any]:
    order: list[Any] = []
    for part in (sort or '').split(','):
        bits = part.split()
        if not bits or bits[0] == 'score':
            continue
        column = _SORT_COLUMNS.get(bits[0])
        direction = bits[1].lower() if len(bits) > 1 else 'asc'
        if column is None or direction not in ('asc', 'desc'):
            raise SearchQueryError('Invalid "sort" parameter')
        order.append(column.desc() if direction == 'desc' else column.asc())
    return order + [model.Package.metadata_modified.desc(), model.Package.id]


# ---------------------------------------------------------------- facets

def _facet_counts(field: str, pkgs: list[model.Package]) -> Counter[str]:
    ids = [p.id for p in pkgs]
    if not ids:
        return Counter()
    s = model.Session
    if field in ('organization', 'owner_org'):
        org_ids = Counter(p.owner_org for p in pkgs if p.owner_org)
        if field == 'owner_org':
            return org_ids
        names = dict(s.query(model.Group.id, model.Group.name)
                     .filter(model.Group.id.in_(list(org_ids))).all())
        return Counter({names.get(k, k): v for k, v in org_ids.items()})
    if field in ('type', 'dataset_type'):
        return Counter(p.type for p in pkgs)
    if field == 'groups':
        rows = (s.query(model.Member.table_id, model.Group.name)
                .join(model.Group, model.Group.id == model.Member.group_id)
                .filter(model.Member.table_id.in_(ids),
                        model.Member.table_name == 'package',
                        model.Member.state == 'active',
                        model.Group.is_organization.is_(False)).distinct())
    elif field == 'tags':
        rows = (s.query(model.PackageTag.package_id, model.Tag.name)
                .join(model.Tag, model.Tag.id == model.PackageTag.tag_id)
                .filter(model.PackageTag.package_id.in_(ids),
                        model.PackageTag.state == 'active',
                        model.Tag.vocabulary_id.is_(None)))
    elif field == 'res_format':
        rows = (s.query(model.Resource.package_id, model.Resource.format)
                .filter(model.Resource.package_id.in_(ids),
                        model.Resource.state == 'active',
                        model.Resource.format.isnot(None),
                        model.Resource.format != '').distinct())
    elif field in _PACKAGE_COLUMNS:
        return Counter(str(v) for p in pkgs
                       if (v := getattr(p, field)) not in (None, ''))
    else:
        key = field[len('extras_'):] if field.startswith('extras_') else field
        rows = (s.query(model.PackageExtra.package_id,
                        model.PackageExtra.value)
                .filter(model.PackageExtra.package_id.in_(ids),
                        model.PackageExtra.key == key,
                        model.PackageExtra.state == 'active'))
    return Counter(value for _pid, value in rows.all())


def _restructure_facets(facets: dict[str, dict[str, int]]
                        ) -> dict[str, Any]:
    """Same ``search_facets`` structure as core ``package_search`` builds."""
    names = [n for f in ('groups', 'organization') for n in facets.get(f, {})]
    titles = dict(model.Session.query(model.Group.name, model.Group.title)
                  .filter(model.Group.name.in_(names)).all()) if names else {}
    out: dict[str, Any] = {}
    for key, values in facets.items():
        items = []
        for name, count in values.items():
            display = name
            if key in ('groups', 'organization'):
                display = (titles.get(name) or '').strip() or name
            elif key == 'license_id':
                lic = model.Package.get_license_register().get(name)
                display = lic.title if lic else name
            items.append({'name': name, 'display_name': display,
                          'count': count})
        out[key] = {'title': key, 'items': items}
    return out


# ----------------------------------------------------------------- action

def _result_field(pkg_dict: dict[str, Any], field: str) -> Any:
    if field in ('data_dict', 'validated_data_dict'):
        return json.dumps(pkg_dict)
    if field in pkg_dict:
        return pkg_dict[field]
    key = field[len('extras_'):] if field.startswith('extras_') else field
    for extra in pkg_dict.get('extras') or []:
        if extra.get('key') == key:
            return extra.get('value')
    return None


@tk.side_effect_free
def package_search(context: dict[str, Any],
                   data_dict: dict[str, Any]) -> dict[str, Any]:
    """``package_search`` answered from PostgreSQL instead of Solr.

    Overridden through ``IActions`` because core ``package_search`` sends
    every query to Solr, which does not exist here; ``organization_show``
    (dataset count) and the dataset pages call it too. Supported: ``q``
    (``*:*``, ``field:value`` clauses, and free words matched with ILIKE in
    name/title/notes, all words required), ``fq``/``fq_list`` clauses
    ``[+-]field:value``, ``field:"quoted"``, ``field:(a OR b)`` on
    owner_org, organization, groups, tags, res_format, name, id,
    type/dataset_type, state, capacity, any package column and extras;
    ``rows``, ``start``, ``sort`` (metadata_modified, metadata_created, name,
    title/title_string, id; ``score`` is ignored), ``fl``, ``facet.field``,
    ``facet.limit``, ``facet.mincount``, ``include_private``,
    ``include_drafts``, ``include_deleted``, ``use_default_schema``.
    Results are full dicts from ``package_show``, as core returns them.
    Permission rules are core's (permission labels).
    """
    schema = (context.get('schema')
              or logic_schema.default_package_search_schema())
    data_dict, errors = tk.navl_validate(data_dict, schema, context)
    data_dict.update(data_dict.pop('__extras', {}))
    if errors:
        raise tk.ValidationError(errors)
    tk.check_access('package_search', context, data_dict)

    data_dict['extras'] = data_dict.get('extras', {})
    for key in [k for k in data_dict if k.startswith('ext_')]:
        data_dict['extras'][key] = data_dict.pop(key)
    for item in plugins.PluginImplementations(plugins.IPackageController):
        data_dict = item.before_dataset_search(data_dict)
    if data_dict.get('sort') in (None, 'rank'):
        data_dict['sort'] = tk.config.get(
            'ckan.search.default_package_sort')

    results: list[dict[str, Any]] = []
    facets: dict[str, dict[str, int]] = {}
    count = 0
    if not data_dict.get('abort_search', False):
        count, results, facets = _run(context, data_dict)

    search_results: dict[str, Any] = {
        'count': count, 'facets': facets, 'results': results,
        'sort': data_dict['sort'],
        'search_facets': _restructure_facets(facets),
    }
    for item in plugins.PluginImplementations(plugins.IPackageController):
        search_results = item.after_dataset_search(search_results, data_dict)
    for facet in search_results['search_facets'].values():
        facet['items'] = sorted(facet['items'],
                                key=lambda f: f['display_name'],
                                reverse=True)
    return search_results


def _run(context: dict[str, Any], data_dict: dict[str, Any]
         ) -> tuple[int, list[dict[str, Any]], dict[str, dict[str, int]]]:
    unknown = set(data_dict) - VALID_SOLR_PARAMETERS - _OWN_PARAMS
    if unknown:
        raise SearchQueryError(f'Invalid search parameters: {sorted(unknown)}')
    use_default_schema = tk.asbool(data_dict.get('use_default_schema'))
    include_private = tk.asbool(data_dict.get('include_private', False))
    include_drafts = tk.asbool(data_dict.get('include_drafts', False))
    include_deleted = tk.asbool(data_dict.get('include_deleted', False))

    # Same default filters as core package_search adds to the Solr fq.
    fq = data_dict.get('fq') or ''
    if not include_private:
        fq = '+capacity:public ' + fq
    if '+state' not in fq:
        states = ['active'] + (['draft'] if include_drafts else []) \
            + (['deleted'] if include_deleted else [])
        fq += ' +state:({})'.format(' OR '.join(states))

    conditions = _conditions(fq, free_text_allowed=False)
    for extra_fq in data_dict.get('fq_list') or []:
        conditions += _conditions(extra_fq, free_text_allowed=False)
    q = (data_dict.get('q') or '').strip()
    if q not in ('', '*:*', '""', "''"):
        conditions += _conditions(q, free_text_allowed=True)

    query = (model.Session.query(model.Package).filter(*conditions)
             .order_by(*_order_by(data_dict['sort'])))
    pkgs: list[model.Package] = query.all()

    user = context.get('user')
    if not (context.get('ignore_auth') or (user and authz.is_sysadmin(user))):
        labeler = lib_plugins.get_permission_labels()
        labels = set(labeler.get_user_dataset_labels(
            context.get('auth_user_obj')))
        pkgs = [p for p in pkgs
                if labels.intersection(labeler.get_dataset_labels(p))]

    start = int(data_dict.get('start') or 0)
    rows = int(data_dict.get('rows', 10))
    results: list[dict[str, Any]] = []
    # Solr takes "id,name" or "id name": split like it does.
    fl = [f for item in data_dict.get('fl') or []
          for f in re.split(r'[\s,]+', item) if f]
    for pkg in pkgs[start:start + rows]:
        show_ctx = {'ignore_auth': True, 'use_cache': False,
                    'user': user, 'for_view': context.get('for_view', False)}
        show_data: dict[str, Any] = {'id': pkg.id}
        if use_default_schema:
            show_data['use_default_schema'] = True
        pkg_dict = tk.get_action('package_show')(show_ctx, show_data)
        results.append({f: _result_field(pkg_dict, f) for f in fl}
                       if fl else pkg_dict)

    facets: dict[str, dict[str, int]] = {}
    if str(data_dict.get('facet', 'true')).lower() != 'false':
        limit = int(data_dict.get('facet.limit')
                    or tk.config.get('search.facets.limit') or 50)
        mincount = int(data_dict.get('facet.mincount', 1))
        for field in data_dict.get('facet.field') or []:
            counts = _facet_counts(field, pkgs).most_common()
            kept = [(k, v) for k, v in counts if v >= mincount]
            facets[field] = dict(kept if limit < 0 else kept[:limit])
    return len(pkgs), results, facets
