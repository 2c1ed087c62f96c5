"""What the feedback explorer asks a search engine (Elasticsearch, OpenSearch) beyond
Wagtail's search API. Only ``search.explorer`` calls this, for engine results.

Wagtail's ``SearchResults.facet(field)`` sends one request per field and returns the
ten commonest values only; the explorer shows every value of seven fields, so it
asks for all of them in one request with the search's own query and filters.
"""

from __future__ import annotations

# More values than any filter has (areas, consultations, languages...): all are shown.
FACET_SIZE = 1000


def facet_counts(results, fields: list[str]) -> dict[str, dict]:
    """{field: {value: passages}} within ``results`` (a Wagtail engine SearchResults)."""
    compiler = results.query_compiler
    body = results._get_es_body(for_count=True)
    body["aggregations"] = {
        name: {
            "terms": {
                "field": compiler.mapping.get_field_column_name(
                    compiler._get_filterable_field(name)
                ),
                "size": FACET_SIZE,
            }
        }
        for name in fields
    }
    index = results.backend.get_index_for_model(compiler.queryset.model).name
    response = results._backend_do_search(body, index=index, size=0)
    return {
        name: {
            bucket["key"]: bucket["doc_count"]
            for bucket in response["aggregations"][name]["buckets"]
        }
        for name in fields
    }
