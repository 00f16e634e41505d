"""Forms of the défis' pages: agents', catalogue, results, staff's."""
