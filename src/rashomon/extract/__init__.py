"""Per article: who said what (attribution), the claims, the times they give."""
