"""ikg.webapp: the Flask explorer, SPARQL endpoint and exports (sits on graph and ontology)."""
