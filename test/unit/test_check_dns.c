/* Unit tests for check/check_dns.c's pure part: DNS_CHECK's type names,
 * the query it sends and the verdict on each kind of datagram back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "check/check_dns.h"

static uint8_t q[CHECK_DNS_QUERY_MAX];
static size_t qlen;
static uint8_t r[CHECK_DNS_QUERY_MAX + 64];
static size_t rlen;

/* The query for www.example.org A (id 0x1234), and r a copy of it. */
static int
setup(void **state)
{
	int n = check_dns_query(q, sizeof(q), 0x1234, 1, "www.example.org");

	assert_true(n > 0);
	qlen = (size_t)n;
	memcpy(r, q, qlen);
	rlen = qlen;
	return 0;
}

/* r made the server's answer: QR set, RA set, rcode. */
static void
answer(int rcode)
{
	r[2] |= 0x80;
	r[3] = (uint8_t)(0x80 | rcode);
}

static enum check_dns_verdict
judge(int *rcode, char *why, size_t len)
{
	return check_dns_reply(q, qlen, r, rlen, rcode, why, len);
}

static void
test_type(void **state)
{
	assert_int_equal(check_dns_type("A"), 1);
	assert_int_equal(check_dns_type("ns"), 2);
	assert_int_equal(check_dns_type("CNAME"), 5);
	assert_int_equal(check_dns_type("SOA"), 6);
	assert_int_equal(check_dns_type("MX"), 15);
	assert_int_equal(check_dns_type("TXT"), 16);
	assert_int_equal(check_dns_type("aaaa"), 28);
	assert_int_equal(check_dns_type("99"), 99);
	assert_int_equal(check_dns_type("65535"), 65535);
	assert_int_equal(check_dns_type("0"), -1);
	assert_int_equal(check_dns_type("65536"), -1);
	assert_int_equal(check_dns_type("1x"), -1);
	assert_int_equal(check_dns_type("SRV"), -1);
	assert_int_equal(check_dns_type(""), -1);
}

static void
test_query_bytes(void **state)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'o', 'r', 'g', 0, 0, 1, 0, 1,
	};
	uint8_t b[CHECK_DNS_QUERY_MAX];

	assert_int_equal(qlen, sizeof(want));
	assert_memory_equal(q, want, sizeof(want));
	/* A last dot changes nothing. */
	assert_int_equal(check_dns_query(b, sizeof(b), 0x1234, 1,
	    "www.example.org."), (int)sizeof(want));
	assert_memory_equal(b, want, sizeof(want));
}

static void
test_query_root(void **state)
{
	static const uint8_t want[] = {
		0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		0, 0, 6, 0, 1,
	};
	uint8_t b[CHECK_DNS_QUERY_MAX];

	/* keepalived's default: SOA of the root. */
	assert_int_equal(check_dns_query(b, sizeof(b), 0xabcd, 6, "."),
	    (int)sizeof(want));
	assert_memory_equal(b, want, sizeof(want));
	assert_int_equal(check_dns_query(b, sizeof(b), 0xabcd, 6, ""),
	    (int)sizeof(want));
	assert_memory_equal(b, want, sizeof(want));
}

static void
test_query_bad(void **state)
{
	uint8_t b[CHECK_DNS_QUERY_MAX];
	char name[300];

	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, "a..b"), -1);
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, ".a"), -1);
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, "a.."), -1);
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 0, "a"), -1);
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 65536, "a"), -1);
	assert_int_equal(check_dns_query(b, 20, 1, 1, "a"), -1);
	/* A label of 63 bytes is the longest. */
	memset(name, 'x', 63);
	name[63] = '\0';
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, name),
	    CHECK_DNS_HDR + 1 + 63 + 1 + 4);
	name[63] = 'x';
	name[64] = '\0';
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, name), -1);
	/* 255 bytes encoded is the longest name: 4 labels of 62 and one
	 * of 1 make 4 * 63 + 2 + 1 = 255; a last label of 2, 256. */
	snprintf(name, sizeof(name), "%.62s.%.62s.%.62s.%.62s.x",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, name),
	    CHECK_DNS_HDR + 255 + 4);
	strcat(name, "x");
	assert_int_equal(check_dns_query(b, sizeof(b), 1, 1, name), -1);
}

static void
test_reply_ok(void **state)
{
	char why[64];
	int rcode = -1;

	answer(0);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_OK);
	assert_int_equal(rcode, 0);
	assert_string_equal(why, "");
}

static void
test_reply_answer_records(void **state)
{
	static const uint8_t rr[] = {
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4,
		192, 0, 2, 80,
	};
	char why[64];
	int rcode;

	answer(0);
	r[7] = 1;			/* ANCOUNT */
	memcpy(r + rlen, rr, sizeof(rr));
	rlen += sizeof(rr);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_OK);
}

static void
test_reply_nodata_ok(void **state)
{
	char why[64];
	int rcode;

	/* NOERROR without an answer: keepalived counts it a success. */
	answer(0);
	assert_int_equal(r[7], 0);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_OK);
}

static void
test_reply_tc_ok(void **state)
{
	char why[64];
	int rcode;

	answer(0);
	r[2] |= 0x02;			/* TC */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_OK);
}

static void
test_reply_case(void **state)
{
	char why[64];
	int rcode;

	answer(0);
	r[CHECK_DNS_HDR + 1] = 'W';	/* "Www.example.org" */
	r[CHECK_DNS_HDR + 6] = 'X';
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_OK);
}

static void
test_reply_nxdomain(void **state)
{
	char why[64];
	int rcode;

	answer(3);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_FAIL);
	assert_int_equal(rcode, 3);
	assert_string_equal(why, "rcode 3 (NXDOMAIN)");
}

static void
test_reply_rcodes(void **state)
{
	char why[64];
	int rcode;

	answer(2);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_FAIL);
	assert_string_equal(why, "rcode 2 (SERVFAIL)");
	setup(NULL);
	answer(5);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_FAIL);
	assert_string_equal(why, "rcode 5 (REFUSED)");
	setup(NULL);
	answer(12);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_FAIL);
	assert_int_equal(rcode, 12);
	assert_string_equal(why, "rcode 12 (unknown)");
}

static void
test_reply_error_without_question(void **state)
{
	char why[64];
	int rcode;

	/* FORMERR with no question: the server's word still counts. */
	answer(1);
	r[5] = 0;
	rlen = CHECK_DNS_HDR;
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_FAIL);
	assert_string_equal(why, "rcode 1 (FORMERR)");
	/* NOERROR with no question answers nothing of ours. */
	setup(NULL);
	answer(0);
	r[5] = 0;
	rlen = CHECK_DNS_HDR;
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "question mismatch");
}

static void
test_reply_id_mismatch(void **state)
{
	char why[64];
	int rcode;

	answer(0);
	r[1] ^= 1;
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "id mismatch");
	/* Even with an error rcode: not an answer to us. */
	answer(3);
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
}

static void
test_reply_not_response(void **state)
{
	char why[64];
	int rcode;

	/* Our own query reflected back. */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "not a response (QR clear)");
}

static void
test_reply_opcode(void **state)
{
	char why[64];
	int rcode;

	answer(0);
	r[2] |= 2 << 3;			/* STATUS */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "opcode mismatch");
}

static void
test_reply_short(void **state)
{
	char why[64];
	int rcode;
	size_t n;

	answer(0);
	for (n = 0; n < CHECK_DNS_HDR; n++) {
		rlen = n;
		assert_int_equal(judge(&rcode, why, sizeof(why)),
		    CHECK_DNS_IGNORE);
		assert_string_equal(why, "short datagram");
	}
	/* Cut anywhere inside the question. */
	for (n = CHECK_DNS_HDR; n < qlen; n++) {
		rlen = n;
		assert_int_equal(judge(&rcode, why, sizeof(why)),
		    CHECK_DNS_IGNORE);
		assert_string_equal(why, "truncated datagram");
	}
}

static void
test_reply_question_mismatch(void **state)
{
	char why[64];
	int rcode;

	answer(0);
	r[CHECK_DNS_HDR + 1] = 'v';	/* another name */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "question mismatch");
	setup(NULL);
	answer(0);
	r[qlen - 3] = 28;		/* AAAA, not A */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	setup(NULL);
	answer(0);
	r[qlen - 1] = 3;		/* class CH */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	setup(NULL);
	answer(0);
	r[5] = 2;			/* two questions */
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	assert_string_equal(why, "question mismatch");
	/* A label length changed to a letter's value and back: the name
	 * "www" with its length byte 3 made 'C' is not ours. */
	setup(NULL);
	answer(0);
	r[CHECK_DNS_HDR] = 'C';
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
	/* A question mismatch with NXDOMAIN is no answer to us either. */
	setup(NULL);
	answer(3);
	r[CHECK_DNS_HDR + 1] = 'v';
	assert_int_equal(judge(&rcode, why, sizeof(why)), CHECK_DNS_IGNORE);
}

static void
test_reply_root_soa(void **state)
{
	uint8_t b[CHECK_DNS_QUERY_MAX], a[64];
	char why[64];
	int n, rcode;

	n = check_dns_query(b, sizeof(b), 7, 6, ".");
	assert_true(n > 0);
	memcpy(a, b, (size_t)n);
	a[2] |= 0x80;
	assert_int_equal(check_dns_reply(b, (size_t)n, a, (size_t)n, &rcode,
	    why, sizeof(why)), CHECK_DNS_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type),
		cmocka_unit_test_setup(test_query_bytes, setup),
		cmocka_unit_test(test_query_root),
		cmocka_unit_test(test_query_bad),
		cmocka_unit_test_setup(test_reply_ok, setup),
		cmocka_unit_test_setup(test_reply_answer_records, setup),
		cmocka_unit_test_setup(test_reply_nodata_ok, setup),
		cmocka_unit_test_setup(test_reply_tc_ok, setup),
		cmocka_unit_test_setup(test_reply_case, setup),
		cmocka_unit_test_setup(test_reply_nxdomain, setup),
		cmocka_unit_test_setup(test_reply_rcodes, setup),
		cmocka_unit_test_setup(test_reply_error_without_question,
		    setup),
		cmocka_unit_test_setup(test_reply_id_mismatch, setup),
		cmocka_unit_test_setup(test_reply_not_response, setup),
		cmocka_unit_test_setup(test_reply_opcode, setup),
		cmocka_unit_test_setup(test_reply_short, setup),
		cmocka_unit_test_setup(test_reply_question_mismatch, setup),
		cmocka_unit_test(test_reply_root_soa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
