"""ikg.graph: from documents to entities, relations and RDF.

Imports only from :mod:`ontology`; the web app sits on top of it.
"""
