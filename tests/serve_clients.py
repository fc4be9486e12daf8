#!/usr/bin/env python3
"""Real SPARQL clients against `innomap serve`: SPARQLWrapper (XML, its default, then JSON) and
rdflib's SPARQLStore (XML) each run a canned query and must give the answer the command line gave,
and rdflib reads a CONSTRUCT answer as Turtle.

    python3 tests/serve_clients.py BASE_URL QUERY.rq EXPECTED.json

EXPECTED.json is `innomap query NAME --format json` (W3C SPARQL JSON). Prints one line per check and
ends with "N passed, M failed"; exits 1 on any failure.
"""

import json
import sys


def expected_rows(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    variables = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append(tuple(binding.get(v, {}).get("value") for v in variables))
    return variables, rows


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    base, query_file, expected_file = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    endpoint = base + "/sparql"
    with open(query_file, encoding="utf-8") as f:
        query = f.read()
    variables, expected = expected_rows(expected_file)
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    for fmt, label in ((XML, "XML"), (JSON, "JSON")):
        try:
            client = SPARQLWrapper(endpoint)
            client.setQuery(query)
            client.setReturnFormat(fmt)
            result = client.query().convert()
            if fmt == JSON:
                rows = [
                    tuple(b.get(v, {}).get("value") for v in variables)
                    for b in result["results"]["bindings"]
                ]
            else:
                rows = []
                for node in result.getElementsByTagName("result"):
                    values = {}
                    for binding in node.getElementsByTagName("binding"):
                        text = "".join(
                            t.data
                            for child in binding.childNodes
                            if child.nodeType == child.ELEMENT_NODE
                            for t in child.childNodes
                            if t.nodeType == t.TEXT_NODE
                        )
                        values[binding.getAttribute("name")] = text
                    rows.append(tuple(values.get(v) for v in variables))
            check(f"SPARQLWrapper ({label}) gives the command line's answer", rows == expected,
                  {"got": rows[:3], "want": expected[:3]})
        except Exception as e:  # noqa: BLE001 - report any client failure as a failed check
            check(f"SPARQLWrapper ({label}) runs the query", False, repr(e))

    try:
        import rdflib
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        store = SPARQLStore(query_endpoint=endpoint)
        graph = rdflib.Graph(store=store)
        rows = []
        for row in graph.query(query):
            rows.append(tuple(None if value is None else str(value) for value in row))
        check("rdflib SPARQLStore gives the command line's answer", rows == expected,
              {"got": rows[:3], "want": expected[:3]})
        pattern = ("?c a <https://w3id.org/innomap/def#Chain> ; "
                   "<http://www.w3.org/2000/01/rdf-schema#label> ?l")
        triples = list(graph.query(
            "CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { " + pattern + " }"))
        selected = list(graph.query("SELECT DISTINCT ?c ?l WHERE { " + pattern + " }"))
        chains = {str(t[0]) for t in triples}
        check("rdflib SPARQLStore reads a CONSTRUCT answer",
              len(triples) == len(selected) and {row[0] for row in expected} <= chains,
              {"triples": len(triples), "rows": len(selected), "chains": sorted(chains)})
    except Exception as e:  # noqa: BLE001
        check("rdflib SPARQLStore runs the query", False, repr(e))

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
