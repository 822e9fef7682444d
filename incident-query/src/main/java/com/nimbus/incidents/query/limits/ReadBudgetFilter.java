package com.nimbus.incidents.query.limits;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a lease of the {@link ReadBudget} for each request and closes it once the answer
 * has been written: the documents a request decoded are held until its response is
 * serialised, so that is when their bytes go back.
 */
@Component
class ReadBudgetFilter extends OncePerRequestFilter {

	private final ReadBudget budget;

	ReadBudgetFilter(ReadBudget budget) {
		this.budget = budget;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ByteBudget.Lease lease = this.budget.begin();
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.budget.end(lease);
		}
	}

}
