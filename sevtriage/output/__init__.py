"""Every writer of results and reports, behind one small interface per kind of output."""
