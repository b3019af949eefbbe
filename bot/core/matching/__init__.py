"""Question matching: text analysis and the search index over the knowledge base."""
