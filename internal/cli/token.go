package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("token", "create, list or revoke the tokens of the JSON API", runToken)
}

const tokenAbout = `Manages the bearer tokens of the JSON API (storyline serve): an upload
(POST /api/v1/documents) needs one, and so does every read under --auth read.

  token create NAME   makes a token and prints it, once: only its SHA-256 is
                      stored, so it cannot be shown again
  token list          lists the tokens' names and when each was made
  token revoke NAME   deletes a token: requests with it are refused at once

A client sends it as "Authorization: Bearer TOKEN".`

func runToken(e *env, args []string) error {
	fs := flags(e, "token", "create NAME | list | revoke NAME [flags]", tokenAbout)
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	sub, rest, err := subcommand(fs, []sub{{"create", 1, "token name"}, {"list", 0, ""}, {"revoke", 1, "token name"}})
	if err != nil {
		return err
	}
	var st store.Full
	switch sub {
	case "create":
		// A token may be made before anything is ingested: the store is
		// created if need be.
		st, err = openStore(e.ctx, *db)
	case "list":
		st, err = openReadOnly(e.ctx, *db)
	default:
		st, err = openExisting(e.ctx, *db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	var tokens api.Tokens = st
	switch sub {
	case "create":
		name := rest[0]
		if strings.TrimSpace(name) == "" || len(name) > 100 {
			return usageErrorf("create: a token name is 1 to 100 characters")
		}
		token, hash, err := api.NewToken()
		if err != nil {
			return err
		}
		if err := tokens.CreateToken(e.ctx, name, hash); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, token)
		fmt.Fprintf(e.stderr, "token %q created; it is shown only this once\n", name)
		return nil
	case "list":
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCREATED")
		err := tokens.ListTokens(e.ctx, func(name string, created time.Time) error {
			_, err := fmt.Fprintf(tw, "%s\t%s\n", name, created.Format(time.RFC3339))
			return err
		})
		if err != nil {
			return err
		}
		return tw.Flush()
	}
	err = tokens.RevokeToken(e.ctx, rest[0])
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no token named %q", rest[0])
	}
	return err
}
