package parser

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxImages bounds the images listed for one page.
const maxImages = 200

// htmlImages lists the pictures of a page's content that could be its tables: <img> elements
// outside links (logos, banners and icons of a portal are nearly always links) and not declared
// smaller than 100 px, named by src (else alt).
func htmlImages(doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return nil
	}
	var out []string
	var visit func(n *html.Node, inLink bool)
	visit = func(n *html.Node, inLink bool) {
		if len(out) >= maxImages {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.A:
				inLink = true
			case atom.Head, atom.Script, atom.Style, atom.Noscript:
				return
			case atom.Img:
				if !inLink && !smallImage(n) {
					if name := imgName(n); name != "" {
						out = append(out, name)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inLink)
		}
	}
	visit(root, false)
	return out
}

func imgName(n *html.Node) string {
	var src, alt string
	for _, a := range n.Attr {
		switch a.Key {
		case "src":
			src = strings.TrimSpace(a.Val)
		case "alt":
			alt = strings.TrimSpace(a.Val)
		}
	}
	if strings.HasPrefix(src, "data:") {
		src = "" // an inline picture: its bytes are no name
	}
	if src != "" {
		return src
	}
	return alt
}

// smallImage: a declared width or height under 100 px is an icon, not a table.
func smallImage(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "width" && a.Key != "height" {
			continue
		}
		if v, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(a.Val), "px")); err == nil && v < 100 {
			return true
		}
	}
	return false
}
